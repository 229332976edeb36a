import type { Database } from '../../db/database.ts'

export type Role = 'ADMIN' | 'EDITOR' | 'MODERATOR'

export interface TokenRow {
  id: string
  name: string
  role: Role
  tokenHash: string
  createdAt: Date
  lastUsedAt: Date | null
  revokedAt: Date | null
}

export class AuthRepository {
  constructor (private readonly db: Database) {}

  async findByHash (tokenHash: string): Promise<TokenRow | null> {
    const { rows } = await this.db.pool.query<TokenRow>({
      name: 'auth.token-by-hash',
      text: `SELECT id, name, role, token_hash AS "tokenHash", created_at AS "createdAt",
                    last_used_at AS "lastUsedAt", revoked_at AS "revokedAt"
               FROM staff_tokens WHERE token_hash = $1`,
      values: [tokenHash],
    })
    return rows[0] ?? null
  }

  /** Throttled by the caller: at most one write per token per minute. */
  async touch (id: string, at: Date): Promise<void> {
    await this.db.pool.query({ name: 'auth.touch', text: 'UPDATE staff_tokens SET last_used_at = $2 WHERE id = $1', values: [id, at] })
  }

  async create (input: { name: string, role: Role, tokenHash: string }): Promise<TokenRow> {
    return this.db.prisma.staffToken.create({ data: input })
  }

  async list (): Promise<TokenRow[]> {
    return this.db.prisma.staffToken.findMany({ orderBy: { createdAt: 'asc' } })
  }

  /** Returns false when there is no such token. Revoking twice keeps the first instant. */
  async revoke (id: string, at: Date): Promise<boolean> {
    const existing = await this.db.prisma.staffToken.findUnique({ where: { id } })
    if (!existing) return false
    if (!existing.revokedAt) await this.db.prisma.staffToken.update({ where: { id }, data: { revokedAt: at } })
    return true
  }
}
