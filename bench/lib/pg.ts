// Small PostgreSQL helpers the bench's scripts share.
import pg from 'pg'

/** The URL of database `name` on the server at `serverUrl`. */
export function databaseUrl (serverUrl: string, name: string): string {
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return url.toString()
}

/** `work` on a connection of its own, closed after it. */
export async function withClient<T> (url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

/**
 * The GIN indexes of the current schema (qualified names, as regclass prints them), and whether
 * each keeps a pending list (fastupdate, on unless turned off).
 */
export async function ginIndexes (client: pg.Client): Promise<Array<{ name: string, pendingList: boolean }>> {
  const { rows } = await client.query<{ name: string, pending_list: boolean }>(`
    SELECT c.oid::regclass::text AS name,
           NOT EXISTS (SELECT 1 FROM pg_options_to_table(c.reloptions) o WHERE o.option_name = 'fastupdate' AND NOT o.option_value::bool) AS pending_list
      FROM pg_class c JOIN pg_am a ON a.oid = c.relam
     WHERE a.amname = 'gin' AND c.relkind = 'i' AND c.relnamespace = current_schema()::regnamespace
     ORDER BY 1`)
  return rows.map((r) => ({ name: r.name, pendingList: r.pending_list }))
}
