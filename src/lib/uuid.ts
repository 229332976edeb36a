const UUID_SHAPED = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Shaped like a UUID (any version): what PostgreSQL's uuid type accepts in its canonical form. */
export function isUuid (value: string): boolean {
  return UUID_SHAPED.test(value)
}
