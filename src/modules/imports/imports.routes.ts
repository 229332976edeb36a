// POST /api/v1/imports (ADMIN): the legacy import over HTTP for newsroom tools, a batch of
// captured page files as multipart/form-data, answered with the same report as the CLI.
import multipart from '@fastify/multipart'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { badUserInput } from '../../errors.ts'
import { problem, WriteProblemResponses } from '../../http/problem.ts'
import { requireRole } from '../auth/auth.service.ts'
import { publishedAtOption, type ImportFile, type ImportOptions } from './imports.service.ts'

/** A batch: at most this many files, each at most FILE_BYTES, together at most BATCH_BYTES. */
export const IMPORT_LIMITS = { files: 500, fileBytes: 1024 * 1024, batchBytes: 32 * 1024 * 1024 } as const

const Entry = Type.Object({
  file: Type.String(),
  outcome: Type.Union([Type.Literal('created'), Type.Literal('updated'), Type.Literal('unchanged'), Type.Literal('skipped'), Type.Literal('rejected')]),
  source: Type.Optional(Type.String()),
  articleId: Type.Optional(Type.String()),
  slug: Type.Optional(Type.String()),
  status: Type.Optional(Type.String()),
  title: Type.Optional(Type.String()),
  sectionPath: Type.Optional(Type.Array(Type.String())),
  reason: Type.Optional(Type.String()),
})
const Report = Type.Object({
  data: Type.Object({
    dryRun: Type.Boolean(),
    totals: Type.Object({ created: Type.Integer(), updated: Type.Integer(), unchanged: Type.Integer(), skipped: Type.Integer(), rejected: Type.Integer() }),
    sectionsCreated: Type.Array(Type.Array(Type.String())),
    entries: Type.Array(Entry),
  }),
})

export const importRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(multipart, { limits: { files: IMPORT_LIMITS.files, fileSize: IMPORT_LIMITS.fileBytes, fields: 0, parts: IMPORT_LIMITS.files } })
  const { imports } = app.services

  app.post('/imports', {
    schema: {
      tags: ['editorial'],
      summary: 'Import captured legacy pages (ADMIN)',
      description: `The page files (*.txt in the legacy layout, *.html) as multipart/form-data parts, at most ${IMPORT_LIMITS.files} files of at most ` +
        `${IMPORT_LIMITS.fileBytes / 1024} KiB, ${IMPORT_LIMITS.batchBytes / 1024 / 1024} MiB together. Answers the import's report, as \`npm run import -- --json\` prints it.`,
      security: [{ bearerAuth: [] }],
      consumes: ['multipart/form-data'],
      querystring: Type.Object({
        dryRun: Type.Optional(Type.Boolean({ description: 'report what would happen; write nothing' })),
        publish: Type.Optional(Type.Boolean({ description: 'publish new articles at their date; archive those without one' })),
        publishedAt: Type.Optional(Type.String({ maxLength: 40, description: 'header (the page header\'s date), none (default) or an ISO date' })),
        force: Type.Optional(Type.Boolean({ description: 'import over articles an editor changed since their import' })),
        section: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'where pages without a breadcrumb go (default أرشيف)' })),
      }, { additionalProperties: false }),
      response: { 200: Report, ...WriteProblemResponses, 413: problem('Too many files, a file too large or a batch too large'), 415: problem('Not multipart/form-data') },
    },
  }, async (request) => {
    // the role first: nobody else's upload is read
    const viewer = requireRole(await request.scope.viewer(), ['ADMIN'])
    const q = request.query
    const options: ImportOptions = {
      dryRun: q.dryRun === true,
      publish: q.publish === true,
      publishedAt: publishedAtOption(q.publishedAt),
      force: q.force === true,
      ...(q.section === undefined ? {} : { defaultSection: q.section }),
    }
    if (!request.isMultipart()) throw badUserInput('send the pages as multipart/form-data file parts', { field: 'files' })
    const files: ImportFile[] = []
    let total = 0
    for await (const part of request.files()) {
      const content = await part.toBuffer()
      total += content.length
      if (total > IMPORT_LIMITS.batchBytes) throw Object.assign(new Error(`the batch is larger than ${IMPORT_LIMITS.batchBytes} bytes`), { statusCode: 413 })
      files.push({ name: part.filename || part.fieldname, content })
    }
    if (files.length === 0) throw badUserInput('no page files in the request', { field: 'files' })
    return { data: await imports.run(viewer, files, options) }
  })
}
