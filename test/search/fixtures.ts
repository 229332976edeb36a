// A newsroom written for the search tests: Arabic and English articles whose spellings exercise
// every rule of PRODUCT.md "Arabic search", and articles that must never be found.
import { createSection } from '../factories/index.ts'
import { build, buildOn, TestClock, type TestApp } from '../helper.ts'
import { countedDatabase } from '../support/wire-counter.ts'

export const NOW = new Date('2026-06-01T12:00:00.000Z')
const hoursAgo = (h: number): Date => new Date(NOW.getTime() - h * 3_600_000)

interface Input { slug: string, title: string, summary?: string, paragraphs: string[], language?: string, tags?: string[], publishedAt?: Date | null, status?: 'DRAFT' | 'PUBLISHED' | 'ARCHIVED', deletedAt?: Date }

export async function searchNewsroom ({ db }: Pick<TestApp, 'db'>) {
  const politics = await createSection(db, { name: 'سياسة', slug: 'سياسة', position: 0 })
  const opinion = await createSection(db, { name: 'الرأي', slug: 'الرأي', parentId: politics.id, position: 0 })
  const economy = await createSection(db, { name: 'اقتصاد', slug: 'اقتصاد', position: 1 })
  const sport = await createSection(db, { name: 'رياضة', slug: 'رياضة', position: 2 })
  const world = await createSection(db, { name: 'World', slug: 'world', position: 3 })
  let age = 0
  const article = (sectionId: string, input: Input) => db.prisma.article.create({
    data: {
      sectionId,
      slug: input.slug,
      title: input.title,
      summary: input.summary ?? null,
      paragraphs: input.paragraphs,
      language: input.language ?? 'ar',
      tags: input.tags ?? [],
      status: input.status ?? 'PUBLISHED',
      publishedAt: input.publishedAt === undefined ? hoursAgo(++age) : input.publishedAt,
      deletedAt: input.deletedAt ?? null,
    },
  })
  const a = {
    energy: await article(politics.id, {
      slug: 'energy',
      title: 'الرئيسُ أحمد يفتتح مؤتمر الطاقة',
      summary: 'افتتح الرئيس المؤتمرَ السنويَّ للطاقة.',
      paragraphs: ['قال الرئيس إن مدرسة جديدة للطاقة ستفتح في عام ٢٠٢٤.', 'وأضاف أن الحكومة تدعم المشروع. انتهى'],
      tags: ['طاقة'],
    }),
    budget: await article(economy.id, {
      slug: 'budget',
      title: 'مصطفى يناقش الموازنة العامة',
      summary: 'وزير المالية مصطفى يعرض الموازنة.',
      paragraphs: ['ناقش الوزير مصطفى الموازنة قبل زيارته إلى ایران الأسبوع المقبل.'],
      tags: ['موازنة'],
    }),
    final: await article(sport.id, {
      slug: 'final',
      title: 'بوتين يحضر نهائي كأس العالم',
      paragraphs: ['حضر بوتين المباراة النهائية لكأس العالم في الملعب الكبير.'],
      tags: ['كرة'],
    }),
    russia: await article(opinion.id, {
      slug: 'russia',
      title: 'العلاقات مع روسيا تتحسن',
      paragraphs: ['يرى الكاتب أن العلاقات مع روسيا دخلت مرحلة جديدة.'],
    }),
    syria: await article(politics.id, {
      slug: 'syria',
      title: 'عودة اللاجئين إلى سوريا',
      paragraphs: ['بدأت عودة اللاجئين إلى سوريا هذا الصيف.'],
    }),
    trump: await article(opinion.id, {
      slug: 'trump',
      title: 'الرئيس ترامب يلتقي نظيره',
      paragraphs: ['التقى الرئيس ترامب نظيره في البيت الأبيض.'],
      tags: ['طاقة'],
    }),
    ukraine: await article(politics.id, {
      slug: 'ukraine',
      title: 'الحرب في أوكرانيا تدخل عامها الخامس',
      paragraphs: ['تدخل الحرب في أوكرانيا عامها الخامس وسط جهود للتهدئة.'],
    }),
    solar: await article(economy.id, {
      slug: 'solar',
      title: 'أسعار الألواح الشمسية تنخفض',
      paragraphs: ['انخفضت أسعار الألواح الشمسية، ما يشجع على إنتاج الطاقة في المنازل.'],
    }),
    salah: await article(world.id, {
      slug: 'salah',
      title: 'Mohammed Salah scores twice',
      summary: 'Liverpool win at home.',
      paragraphs: ['Mohammed Salah scored twice as Liverpool won the derby.'],
      language: 'en',
    }),
    script: await article(world.id, {
      slug: 'script',
      title: '<script>alert(1)</script> الانتخابات & "النتائج"',
      paragraphs: ['تجري الانتخابات في موعدها <b>المحدد</b>.'],
    }),
    // the same story twice, an hour apart: equal rank, the newer first
    twinOld: await article(economy.id, { slug: 'twin-old', title: 'معرض الكتاب يفتح أبوابه', paragraphs: ['يفتح معرض الكتاب أبوابه.'], publishedAt: hoursAgo(50) }),
    twinNew: await article(economy.id, { slug: 'twin-new', title: 'معرض الكتاب يفتح أبوابه', paragraphs: ['يفتح معرض الكتاب أبوابه.'], publishedAt: hoursAgo(49) }),
  }
  const hidden = {
    draft: await article(politics.id, { slug: 'draft', title: 'بوتين ترامب مسودة', paragraphs: ['الطاقة ٢٠٢٤ سوريا'], status: 'DRAFT', publishedAt: null }),
    scheduled: await article(politics.id, { slug: 'scheduled', title: 'بوتين ترامب مجدول', paragraphs: ['الطاقة ٢٠٢٤ سوريا'], publishedAt: new Date(NOW.getTime() + 3_600_000) }),
    archived: await article(politics.id, { slug: 'archived', title: 'بوتين ترامب مؤرشف', paragraphs: ['الطاقة ٢٠٢٤ سوريا'], status: 'ARCHIVED', publishedAt: hoursAgo(100) }),
    deleted: await article(politics.id, { slug: 'deleted', title: 'بوتين ترامب محذوف', paragraphs: ['الطاقة ٢٠٢٤ سوريا'], deletedAt: hoursAgo(1) }),
  }
  return { sections: { politics, opinion, economy, sport, world }, a, hidden }
}

export async function searchApp (t: Parameters<typeof build>[0]) {
  const ctx = await build(t, { clock: new TestClock(NOW) })
  return { ...ctx, n: await searchNewsroom(ctx) }
}

/** The newsroom on a database of its own behind the statement-counting proxy (`wire`). */
export async function countedSearchApp (t: Parameters<typeof build>[0]) {
  const wire = await countedDatabase(t)
  const ctx = await buildOn(t, wire.url, { clock: new TestClock(NOW) })
  return { ...ctx, wire, n: await searchNewsroom(ctx) }
}
