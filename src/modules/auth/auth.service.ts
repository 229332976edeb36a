import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { badUserInput, forbidden, unauthenticated } from '../../errors.ts'
import type { Clock } from '../../lib/clock.ts'
import { isUuid } from '../../lib/uuid.ts'
import type { AuthRepository, Role, TokenRow } from './auth.repository.ts'

export type { Role }

/** Who is calling: a staff token's name and role, or null for anonymous callers. */
export interface Viewer {
  tokenId: string
  name: string
  role: Role
}

/**
 * The viewer of a command-line tool (seed, import): it writes through the same services as the
 * API, as an ADMIN, and its name is what revisions and moderation records say made the change.
 */
export const systemViewer = (name: string): Viewer => ({ tokenId: `system:${name}`, name, role: 'ADMIN' })

export const ROLES: readonly Role[] = ['ADMIN', 'EDITOR', 'MODERATOR']
export const EDITORS: readonly Role[] = ['ADMIN', 'EDITOR']
export const MODERATORS: readonly Role[] = ['ADMIN', 'MODERATOR']

const TOKEN_PREFIX = 'nca_'
const TOKEN_SHAPE = /^nca_[A-Za-z0-9_-]{43}$/
const TOUCH_EVERY_MS = 60_000
const MAX_NAME_LENGTH = 100

const sha256 = (value: string): Buffer => createHash('sha256').update(value).digest()

/** Throws UNAUTHENTICATED for anonymous callers and FORBIDDEN for a role not in `roles`. */
export function requireRole (viewer: Viewer | null, roles: readonly Role[]): Viewer {
  if (!viewer) throw unauthenticated('a staff token is required (Authorization: Bearer <token>)')
  if (!roles.includes(viewer.role)) throw forbidden(`${viewer.role} may not do this; it needs ${roles.join(' or ')}`)
  return viewer
}

export const isEditor = (viewer: Viewer | null): boolean => viewer !== null && EDITORS.includes(viewer.role)

export class AuthService {
  constructor (
    private readonly repo: AuthRepository,
    private readonly clock: Clock
  ) {}

  /**
   * The caller of an Authorization header: none → anonymous (null); a valid Bearer token → its
   * viewer; anything else (malformed, unknown, revoked) → UNAUTHENTICATED.
   */
  async authenticate (header: string | undefined): Promise<Viewer | null> {
    if (header === undefined || header === '') return null
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header)
    if (!match) throw unauthenticated('the Authorization header must be "Bearer <token>"')
    const token = match[1] as string
    if (!TOKEN_SHAPE.test(token)) throw unauthenticated('invalid token')
    const hash = sha256(token)
    const row = await this.repo.findByHash(hash.toString('hex'))
    // The lookup is by hash; comparing the stored hash in constant time as well costs nothing.
    if (!row || !timingSafeEqual(Buffer.from(row.tokenHash, 'hex'), hash)) throw unauthenticated('invalid token')
    if (row.revokedAt) throw unauthenticated('this token was revoked')
    const now = this.clock.now()
    if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > TOUCH_EVERY_MS) {
      await this.repo.touch(row.id, now)
    }
    return { tokenId: row.id, name: row.name, role: row.role }
  }

  /** Creates a token; the secret is returned once and only its hash is stored. */
  async createToken (input: { name: string, role: string }): Promise<{ token: string, row: TokenRow }> {
    const name = input.name.trim()
    if (name === '' || name.length > MAX_NAME_LENGTH) throw badUserInput(`name must be 1..${MAX_NAME_LENGTH} characters`, { field: 'name', limit: MAX_NAME_LENGTH })
    if (!ROLES.includes(input.role as Role)) throw badUserInput(`role must be one of ${ROLES.join(', ')}`, { field: 'role' })
    const token = TOKEN_PREFIX + randomBytes(32).toString('base64url')
    const row = await this.repo.create({ name, role: input.role as Role, tokenHash: sha256(token).toString('hex') })
    return { token, row }
  }

  listTokens (): Promise<TokenRow[]> {
    return this.repo.list()
  }

  async revokeToken (id: string): Promise<boolean> {
    if (!isUuid(id)) throw badUserInput(`"${id}" is not a token id`, { field: 'id' })
    return this.repo.revoke(id.toLowerCase(), this.clock.now())
  }
}
