// Tags (issue 18): what readers and editors browse by, with how many visible articles carry each.
import { badUserInput } from '../../errors.ts'
import type { Clock } from '../../lib/clock.ts'
import { normalizeForSearch } from '../../lib/arabic.ts'
import { integer } from '../../lib/validate.ts'
import type { TagRecord, TagsRepository } from './tags.repository.ts'

export type { TagRecord }

export const MAX_TAGS = 100
const MAX_PREFIX = 50

export class TagsService {
  constructor (private readonly repo: TagsRepository, private readonly clock: Clock) {}

  /**
   * Tags that visible articles carry, most used first (then by name), whose search form starts
   * with the prefix's: "اقت" finds "إقتصاد" and "اقتصاد", "Ec" finds "economy". first: 1..100.
   */
  async tags (args: { prefix?: string | null, first?: number | null }): Promise<TagRecord[]> {
    const first = args.first === undefined || args.first === null ? 20 : integer(args.first, 'first', 1, MAX_TAGS)
    const prefix = args.prefix ?? ''
    if (prefix.includes('\u0000')) throw badUserInput('prefix must not contain NUL characters', { field: 'prefix' })
    if ([...prefix].length > MAX_PREFIX) throw badUserInput(`prefix is longer than ${MAX_PREFIX} characters`, { field: 'prefix', limit: MAX_PREFIX })
    return this.repo.withPrefix(normalizeForSearch(prefix.trim()), first, this.clock.now())
  }
}
