// npm run import -- <folder> [--dry-run] [--publish] [--published-at header|none|<ISO date>] [--force] [--section <name>] [--json]
//
// Imports the captured legacy pages of a folder (*.txt like ../shared/samples, *.html), see
// src/modules/imports. Progress on a terminal, plain lines otherwise; a report at the end (JSON
// with --json). Exit code 0: every page imported, unchanged or skipped; 3: some were rejected
// (the others imported); 1: the run could not start.
import { readdir, readFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { parseArgs } from 'node:util'
import cliProgress from 'cli-progress'
import { createDatabase } from '../db/database.ts'
import { migrate } from '../db/migrator.ts'
import { systemClock } from '../lib/clock.ts'
import { systemViewer } from '../modules/auth/auth.service.ts'
import { publishedAtOption, type ImportEntry, type ImportFile, type ImportOptions, type ImportReport } from '../modules/imports/imports.service.ts'
import { createServices } from '../services.ts'
import { runCli } from './run.ts'

const USAGE = `usage: npm run import -- <folder> [--dry-run] [--publish] [--published-at header|none|<ISO date>] [--force] [--section <name>] [--json]
  --dry-run        report what would be imported; write nothing
  --publish        publish new articles (dated by --published-at); without a date they are archived
  --published-at   header: the page header's date; none (default); or an ISO date for every page
  --force          re-import pages whose articles an editor changed since their import
  --section        where pages without a breadcrumb go (default: أرشيف)
  --json           the report as JSON on stdout`

/** Who the import writes as: recorded as the author of what it writes. */
const IMPORTER = systemViewer('legacy import')
const PAGE = /\.(txt|html?|xhtml)$/iu

const { positionals, values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    'dry-run': { type: 'boolean' },
    publish: { type: 'boolean' },
    'published-at': { type: 'string' },
    force: { type: 'boolean' },
    section: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
  allowPositionals: true,
})

async function pagesOf (folder: string): Promise<ImportFile[]> {
  const names = (await readdir(folder, { recursive: true, withFileTypes: true }))
    .filter((d) => d.isFile() && PAGE.test(d.name))
    .map((d) => join(d.parentPath, d.name))
    .sort()
  // read when the import comes to them: a folder of 10,000 pages is not held in memory at once
  return names.map((path) => ({ name: relative(folder, path), content: () => readFile(path) }))
}

function summary (report: ImportReport): string {
  const lines = [
    `${report.dryRun ? 'dry run, nothing written: ' : ''}${Object.entries(report.totals).map(([k, n]) => `${n} ${k}`).join(', ')}`,
  ]
  for (const path of report.sectionsCreated) lines.push(`section created: ${path.join(' › ')}`)
  const noted = (e: ImportEntry): boolean => e.outcome === 'rejected' || e.outcome === 'skipped'
  for (const e of report.entries.filter(noted)) lines.push(`${e.outcome}: ${e.file}: ${e.reason ?? ''}`)
  return lines.join('\n')
}

const folder = positionals[0]
if (values.help || folder === undefined || positionals.length > 1) {
  console.error(USAGE)
  process.exitCode = values.help ? 0 : 2
} else {
  await runCli('import', async (url, config) => {
    const options: ImportOptions = {
      dryRun: values['dry-run'] === true,
      publish: values.publish === true,
      publishedAt: publishedAtOption(values['published-at']),
      force: values.force === true,
      ...(values.section === undefined ? {} : { defaultSection: values.section }),
    }
    const files = await pagesOf(folder)
    await migrate(url)
    const db = createDatabase(url, { max: 2 })
    const services = createServices({ db, config, clock: systemClock })
    const bar = process.stderr.isTTY
      ? new cliProgress.SingleBar({ stream: process.stderr, format: 'import [{bar}] {value}/{total} pages · {eta_formatted} left · {file}', hideCursor: true }, cliProgress.Presets.shades_classic)
      : null
    bar?.start(files.length, 0, { file: '' })
    const started = Date.now()
    try {
      const report = await services.imports.run(IMPORTER, files, options, (done, total, entry) => {
        if (bar) bar.update(done, { file: entry.file })
        else if (done % 500 === 0 || done === total) console.error(`import: ${done}/${total} pages (${((Date.now() - started) / 1000).toFixed(1)} s)`)
      })
      bar?.stop()
      console.log(values.json === true ? JSON.stringify(report, null, 2) : summary(report))
      if (report.totals.rejected > 0) process.exitCode = 3
    } finally {
      bar?.stop()
      await db.close()
    }
  })
}
