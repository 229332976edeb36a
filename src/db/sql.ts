// Hand-written SQL with bound values: fragments compose and number their own placeholders
// ($1, $2, …), so no fragment names a placeholder by hand. The template is Prisma's own
// (sql-template-tag), the same one `$queryRaw` takes.
import { Prisma } from '../generated/prisma/client.ts'

export type Sql = Prisma.Sql
export const sql = Prisma.sql
export const raw = Prisma.raw
export const join = Prisma.join
export const empty = Prisma.empty

/**
 * A named (prepared) statement for pg: PostgreSQL plans it once per connection, so its text must
 * be the same on every call, which a query of a fixed shape (values bound, never inlined) gives.
 */
export function named (name: string, query: Sql): { name: string, text: string, values: unknown[] } {
  return { name, text: query.text, values: query.values }
}
