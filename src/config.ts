import envSchema from 'env-schema'
import { Type, type Static } from 'typebox'

// The one schema of the service's configuration. No other file reads process.env.
const ConfigSchema = Type.Object({
  DATABASE_URL: Type.Optional(Type.String({ minLength: 1, description: 'PostgreSQL to use; unset → embedded PostgreSQL' })),
  TEST_DATABASE_URL: Type.Optional(Type.String({ minLength: 1, description: 'where tests create and drop test_ databases' })),
  DATA_DIR: Type.String({ default: './.data', description: 'embedded PostgreSQL data and its state file' }),
  EMBEDDED_PG_PORT: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535, description: 'port of the embedded server; unset → a free port, kept' })),
  PORT: Type.Integer({ default: 3000, minimum: 0, maximum: 65535 }),
  HOST: Type.String({ default: '127.0.0.1' }),
  SITE_NAME: Type.String({ default: 'الأفق الإخباري', minLength: 1 }),
  SITE_DEFAULT_LOCALE: Type.String({ default: 'ar', minLength: 1 }),
  SITE_TIME_ZONE: Type.String({ default: 'Asia/Damascus', minLength: 1 }),
  PUBLIC_URL: Type.String({ default: 'http://localhost:3000', pattern: '^https?://' }),
  ARTICLE_URL_PATTERN: Type.Optional(Type.String({ minLength: 1 })),
  GRAPHIQL: Type.Optional(Type.Boolean()),
  CORS_ORIGINS: Type.String({ default: '*' }),
  LOG_LEVEL: Type.Union([
    Type.Literal('fatal'), Type.Literal('error'), Type.Literal('warn'), Type.Literal('info'),
    Type.Literal('debug'), Type.Literal('trace'), Type.Literal('silent'),
  ], { default: 'info' }),
  MODE: Type.Union([Type.Literal('development'), Type.Literal('production')], { default: 'development' }),
  REDIS_URL: Type.Optional(Type.String({ minLength: 1 })),
  SEED_SAMPLE_CONTENT: Type.Optional(Type.Boolean({ description: 'load the sample content at start when the database has none; default: only for the embedded database' })),
})

type RawConfig = Static<typeof ConfigSchema>

export interface Config extends Omit<RawConfig, 'GRAPHIQL'> {
  GRAPHIQL: boolean
}

export class ConfigError extends Error {
  override name = 'ConfigError'
}

function isLocale (value: string): boolean {
  try {
    return Intl.getCanonicalLocales(value).length === 1
  } catch {
    return false // RangeError: not a well-formed BCP-47 tag
  }
}

function isTimeZone (value: string): boolean {
  try {
    Intl.DateTimeFormat('en', { timeZone: value })
    return true
  } catch {
    return false // RangeError: unknown IANA zone
  }
}

/** Reads and validates the configuration; throws ConfigError naming every bad variable. */
export function loadConfig (env: Record<string, string | undefined> = process.env): Config {
  let raw: RawConfig
  try {
    raw = envSchema<RawConfig>({ schema: ConfigSchema, data: env })
  } catch (err) {
    throw new ConfigError(`invalid configuration: ${(err as Error).message}`)
  }
  if (!isLocale(raw.SITE_DEFAULT_LOCALE)) throw new ConfigError(`invalid configuration: SITE_DEFAULT_LOCALE "${raw.SITE_DEFAULT_LOCALE}" is not a BCP-47 locale`)
  if (!isTimeZone(raw.SITE_TIME_ZONE)) throw new ConfigError(`invalid configuration: SITE_TIME_ZONE "${raw.SITE_TIME_ZONE}" is not an IANA time zone`)
  return {
    ...raw,
    PUBLIC_URL: raw.PUBLIC_URL.replace(/\/+$/, ''),
    GRAPHIQL: raw.GRAPHIQL ?? raw.MODE === 'development',
  }
}

export { isLocale, isTimeZone }
