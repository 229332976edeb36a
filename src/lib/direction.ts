// Text direction of a BCP-47 language, from the runtime's CLDR data (Intl.Locale text info):
// ar, fa, he, ur, ckb… are right-to-left. Node 20 exposes `textInfo`, newer runtimes `getTextInfo()`.
type LocaleWithTextInfo = Intl.Locale & { textInfo?: { direction?: string }, getTextInfo?: () => { direction?: string } }

const cache = new Map<string, 'RTL' | 'LTR'>()

export function directionOf (language: string): 'RTL' | 'LTR' {
  let dir = cache.get(language)
  if (dir) return dir
  try {
    const locale = new Intl.Locale(language) as LocaleWithTextInfo
    const info = locale.getTextInfo?.() ?? locale.textInfo
    dir = info?.direction === 'rtl' ? 'RTL' : 'LTR'
  } catch {
    dir = 'LTR' // not a well-formed tag; writes validate languages, so only old data gets here
  }
  if (cache.size < 1000) cache.set(language, dir)
  return dir
}
