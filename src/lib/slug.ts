// Slugs keep the letters as typed (Arabic stays Arabic, "الرأي" stays "الرأي") with the noise
// removed: tashkeel and tatweel dropped, Latin lower-cased, punctuation dropped, runs of spaces
// and dashes → one hyphen, NFC. Lookups clean their input the same way.

// Arabic tashkeel (harakat, tanwin, shadda, sukun, dagger alef, Quranic marks) and tatweel.
const TASHKEEL_AND_TATWEEL = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06DC\u06DF-\u06E8\u06EA-\u06ED\u0640]/g
const SEPARATORS = /[\s\p{Pd}_]+/gu
const PUNCTUATION = /[\p{P}\p{S}\p{Cc}\p{Cf}]/gu
const UUID_SHAPED = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function slugify (text: string): string {
  return text
    .normalize('NFC')
    .replace(TASHKEEL_AND_TATWEEL, '')
    .toLowerCase()
    .replace(SEPARATORS, ' ')
    .replace(PUNCTUATION, '')
    .trim()
    .replace(/ +/g, '-')
}

export function isUuid (value: string): boolean {
  return UUID_SHAPED.test(value)
}
