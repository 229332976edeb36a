// The benchmark dataset's words, written for this project: Modern Standard Arabic news phrasing
// (plus a smaller English set for the ~10 % English articles). Lists are `|`-separated strings so
// a few hundred entries stay readable. Order matters where a list is sampled with a skew (tags,
// sections): the first entries are the common ones. Changing anything here changes every
// generated row, so bump GENERATOR_VERSION in generate.ts with it.

export type Topic = 'politics' | 'economy' | 'sport' | 'culture' | 'health' | 'tech' | 'local' | 'world' | 'opinion' | 'misc'

const list = (s: string): string[] => s.split('|').map((w) => w.trim()).filter((w) => w.length > 0)

/** 10 top-level sections × 3 children; the first child of each has 2 children: 60 in all, 3 levels. */
export const SECTION_TREE: Array<{ name: string, topic: Topic, children: Array<[string, string[]]> }> = [
  { name: 'سياسة', topic: 'politics', children: [['شؤون عربية', ['الخليج', 'المغرب العربي']], ['برلمان', []], ['انتخابات', []]] },
  { name: 'اقتصاد', topic: 'economy', children: [['أسواق', ['بورصات', 'عملات']], ['طاقة', []], ['عقارات', []]] },
  { name: 'رياضة', topic: 'sport', children: [['كرة القدم', ['الدوري المحلي', 'البطولات الأوروبية']], ['كرة السلة', []], ['ألعاب القوى', []]] },
  { name: 'ثقافة', topic: 'culture', children: [['كتب', ['روايات', 'شعر']], ['سينما', []], ['مسرح', []]] },
  { name: 'صحة', topic: 'health', children: [['طب', ['أمراض مزمنة', 'صحة الأطفال']], ['تغذية', []], ['صحة نفسية', []]] },
  { name: 'تكنولوجيا', topic: 'tech', children: [['علوم', ['فضاء', 'بيئة']], ['ذكاء اصطناعي', []], ['اتصالات', []]] },
  { name: 'محليات', topic: 'local', children: [['مدن', ['دمشق', 'حلب']], ['خدمات', []], ['طقس', []]] },
  { name: 'دولي', topic: 'world', children: [['الشرق الأوسط', ['فلسطين', 'العراق']], ['أوروبا', []], ['الأمريكتان', []]] },
  { name: 'الرأي', topic: 'opinion', children: [['مقالات', ['كتاب الأسبوع', 'أقلام شابة']], ['افتتاحية', []], ['حوارات', []]] },
  { name: 'منوعات', topic: 'misc', children: [['مجتمع', ['أسرة', 'شباب']], ['سفر', []], ['مطبخ', []]] },
]

/** What each topic's articles are about: definite noun phrases that read well as objects. */
export const SUBJECTS: Record<Topic, string[]> = {
  politics: list('مشروع قانون الانتخابات الجديد|خطة الإصلاح الإداري|مبادرة الحوار الوطني|تعديل قانون الأحزاب|اتفاق تشكيل الحكومة|موازنة العام المقبل|قانون الإدارة المحلية|ملف عودة اللاجئين|جلسة مناقشة البيان الوزاري|مسودة الدستور المعدل|اتفاقية التعاون الأمني|برنامج مكافحة الفساد|ترتيبات الانتخابات البلدية|ملف الحدود المشتركة|مذكرة التفاهم السياسية|خطة إعادة الإعمار|قانون الجنسية|ملف المفقودين'),
  economy: list('خطة دعم المشاريع الصغيرة|أسعار صرف العملات الأجنبية|قرار رفع أسعار الفائدة|برنامج دعم الصادرات الزراعية|مشروع المنطقة الصناعية الجديدة|أسعار المشتقات النفطية|قانون الاستثمار المعدل|خطة خفض عجز الموازنة|اتفاقية التجارة الحرة|مؤشر أسعار المستهلك|سوق الأوراق المالية|مشروع الربط الكهربائي|حزمة الحوافز الضريبية|إصلاح النظام المصرفي|قرض البنك الدولي|أسعار الذهب|خطة تطوير الموانئ|موسم تصدير الحمضيات'),
  sport: list('نهائي كأس الاتحاد|مباراة القمة في الدوري|صفقة انتقال المهاجم الدولي|استعدادات المنتخب الوطني|بطولة آسيا للشباب|تصفيات كأس العالم|عقد المدرب الجديد|ملعب المدينة الرياضية|دوري أبطال أوروبا|بطولة الجمهورية لألعاب القوى|منافسات كرة السلة|سباق الماراثون الدولي|الموسم الكروي الجديد|ترتيب فرق الدوري الممتاز|بطولة الأندية العربية|إصابة قائد الفريق|الألعاب الأولمبية المقبلة|قرعة البطولة القارية'),
  culture: list('معرض الكتاب الدولي|مهرجان السينما العربية|الرواية الفائزة بالجائزة|العرض المسرحي الجديد|ترميم المتحف الوطني|الأمسية الشعرية الأسبوعية|مشروع ترجمة الأدب العالمي|الدورة الجديدة من مهرجان الموسيقى|الفيلم الوثائقي عن المدينة القديمة|معرض الفنون التشكيلية|جائزة الإبداع الأدبي|أرشيف المخطوطات النادرة|المواقع الأثرية في البادية|ملتقى الخط العربي|سلسلة الندوات الفكرية|مسلسلات الموسم الرمضاني|مكتبة الأطفال المتنقلة|مهرجان التراث الشعبي'),
  health: list('حملة التلقيح الوطنية|برنامج الكشف المبكر عن السرطان|توسعة قسم الطوارئ|أسعار الأدوية|خطة مكافحة الأمراض المزمنة|الدراسة الجديدة حول النوم والصحة النفسية|مشروع المستشفى الجامعي|التأمين الصحي الشامل|حملة التوعية بمرض السكري|نقص الكوادر التمريضية|خدمات الرعاية الأولية|عيادات الصحة المدرسية|مختبر الصحة العامة|برنامج التغذية السليمة للأطفال|بروتوكول علاج الحالات الحرجة|حملة التبرع بالدم|خدمات التطبيب عن بعد|موجة الإنفلونزا الموسمية'),
  tech: list('مشروع التحول الرقمي|تطبيق الخدمات الحكومية الإلكترونية|شبكة الجيل الخامس|منصة الدفع الإلكتروني|تقنيات الذكاء الاصطناعي|مركز البيانات الوطني|قانون حماية البيانات الشخصية|موجة الهجمات الإلكترونية|برنامج تدريب المبرمجين الشباب|القمر الصناعي الجديد|حاضنة الشركات الناشئة|أسعار الهواتف الذكية|مشروع الألياف الضوئية|سوق السيارات الكهربائية|خدمات الحوسبة السحابية|قانون الجرائم المعلوماتية|مسابقة الروبوتات المدرسية|مشاريع الطاقة الشمسية'),
  local: list('مشروع تأهيل الطرق|أزمة المواصلات|آلية توزيع الخبز|برنامج تقنين الكهرباء|شبكة مياه الشرب|خطة تنظيم الأسواق الشعبية|مشروع الصرف الصحي|حملة النظافة العامة|مواعيد الدوام الشتوي|ترميم المدارس|مشروع السكن الشبابي|تأهيل الحدائق العامة|أسعار الخضار والفواكه|المخطط التنظيمي الجديد|خدمات السجل المدني|إنارة الشوارع|مراكز خدمة المواطن|توزيع مازوت التدفئة'),
  world: list('قمة المناخ|مفاوضات وقف إطلاق النار|الانتخابات الرئاسية الأمريكية|العقوبات الاقتصادية|اجتماع مجلس الأمن|أزمة اللاجئين في أوروبا|قمة مجموعة العشرين|الحرب في أوكرانيا|اتفاق الملف النووي|العلاقات الصينية الأمريكية|اجتماع وزراء خارجية الاتحاد الأوروبي|الأزمة الإنسانية في السودان|مؤتمر المانحين|قمة حلف شمال الأطلسي|خطة السلام الأممية|انتخابات البرلمان الأوروبي|ملف الهجرة غير النظامية|منتدى دافوس الاقتصادي'),
  opinion: list('مستقبل الصحافة الورقية|دور الشباب في الحياة العامة|أزمة التعليم الجامعي|ثقافة الحوار|العدالة الاجتماعية|هجرة الكفاءات|مكانة اللغة العربية|حرية التعبير|الاقتصاد الموازي|مسؤولية وسائل التواصل الاجتماعي|التخطيط العمراني للمدن|قيم العمل التطوعي|العلاقة بين المواطن والمؤسسات|تحديات الأمن الغذائي|أزمة الثقة في الإعلام|مستقبل العمل عن بعد|إصلاح المناهج الدراسية|المسؤولية البيئية'),
  misc: list('مهرجان التسوق الشتوي|موسم السياحة الداخلية|مسابقة أفضل طبق تقليدي|عادات الاحتفال بالأعياد|ظاهرة الزواج المتأخر|أسواق الميلاد الشعبية|رحلات المشي في الطبيعة|موضة الموسم الجديد|مسابقة التصوير الفوتوغرافي|حملة الرفق بالحيوان|مقاهي المدينة القديمة|صناعة الصابون التقليدية|موسم قطاف الزيتون|مطاعم الوجبات السريعة|ألعاب الأطفال الشعبية|رحلات الحج والعمرة|أسبوع الموضة|الأطباق الرمضانية'),
}

/** Who acts, by topic: masculine and feminine subjects (the verb before them agrees). */
export const ACTORS: Record<Topic, { m: string[], f: string[] }> = {
  politics: { m: list('رئيس الوزراء|وزير الخارجية|مجلس الشعب|رئيس البرلمان|المتحدث باسم الحكومة|الحزب الحاكم'), f: list('الحكومة|وزارة الداخلية|اللجنة الدستورية|الرئاسة|الكتلة النيابية') },
  economy: { m: list('وزير المالية|البنك المركزي|اتحاد غرف التجارة|صندوق النقد الدولي|مجلس إدارة البورصة'), f: list('وزارة الاقتصاد|هيئة الاستثمار|غرفة الصناعة|الشركة العامة للنفط') },
  sport: { m: list('الاتحاد الرياضي العام|اتحاد كرة القدم|مدرب المنتخب|النادي الأهلي|نادي الاتحاد|الاتحاد الآسيوي'), f: list('اللجنة الأولمبية|إدارة النادي|رابطة الدوري') },
  culture: { m: list('وزير الثقافة|اتحاد الكتاب العرب|المعهد العالي للفنون المسرحية|المركز الثقافي'), f: list('وزارة الثقافة|المديرية العامة للآثار والمتاحف|دار الأوبرا|المكتبة الوطنية') },
  health: { m: list('وزير الصحة|مستشفى المواساة|مركز الأبحاث الطبية|نقيب الأطباء'), f: list('وزارة الصحة|منظمة الصحة العالمية|نقابة الصيادلة|مديرية الصحة') },
  tech: { m: list('وزير الاتصالات|المركز الوطني لأمن المعلومات|مجلس البحث العلمي'), f: list('وزارة الاتصالات والتقانة|الهيئة الوطنية لخدمات الشبكة|شركة الاتصالات|جامعة دمشق') },
  local: { m: list('محافظ المدينة|مجلس المحافظة|مجلس المدينة|فرع المرور'), f: list('المحافظة|مديرية الخدمات الفنية|المؤسسة العامة لمياه الشرب|شركة الكهرباء') },
  world: { m: list('الأمين العام للأمم المتحدة|الاتحاد الأوروبي|مجلس الأمن الدولي|الكرملين|البيت الأبيض'), f: list('الأمم المتحدة|جامعة الدول العربية|الخارجية الأمريكية|المفوضية الأوروبية') },
  opinion: { m: list('الكاتب|الباحث الاجتماعي|أستاذ العلوم السياسية|المجتمع المدني'), f: list('الكاتبة|الباحثة|الأوساط الأكاديمية') },
  misc: { m: list('منظمو المهرجان|فريق العمل|المجلس البلدي'), f: list('جمعية أصدقاء البيئة|إدارة المهرجان|غرفة السياحة') },
}

export const GOALS = list('تحسين الخدمات المقدمة للمواطنين|تعزيز التعاون الإقليمي|دعم الإنتاج المحلي|تخفيف الأعباء عن الأسر|رفع كفاءة المؤسسات العامة|جذب الاستثمارات الخارجية|توفير فرص عمل للشباب|الحد من ارتفاع الأسعار|تطوير البنية التحتية|تشجيع المواهب الشابة|ضمان الشفافية في العمل|حماية البيئة والموارد الطبيعية|تسريع الإجراءات الإدارية|تعزيز الثقة بالاقتصاد الوطني|الارتقاء بالواقع الصحي|نشر الثقافة والمعرفة|تطوير قطاع الرياضة|تحقيق الاستقرار|معالجة الاختناقات المرورية|تأمين المستلزمات الأساسية|تمكين المرأة اقتصاديا|دعم البحث العلمي|تحديث التشريعات النافذة|تحسين الواقع المعيشي')
export const CONTEXTS = list('الظروف الاقتصادية الراهنة|التحديات التي تواجه المنطقة|ارتفاع الأسعار عالميا|التطورات المتسارعة في القطاع|تراجع القدرة الشرائية|الطلب المتزايد على الخدمات|التغيرات المناخية|الضغوط المالية المتزايدة|الإقبال الكبير من المواطنين|استمرار العقوبات الاقتصادية|المنافسة الإقليمية|النقص في الموارد')
export const WHEN = list('اليوم|أمس|يوم الأحد|يوم الاثنين|يوم الثلاثاء|يوم الأربعاء|يوم الخميس|يوم الجمعة|يوم السبت|مساء أمس|صباح اليوم|خلال الأسبوع الجاري|في وقت سابق اليوم|الأسبوع الماضي|نهاية الأسبوع')
export const FUTURE = list('الأسبوع المقبل|خلال الأيام القادمة|مطلع الشهر المقبل|قبل نهاية العام|في الربع الأول من العام المقبل|بعد عطلة العيد')
export const PERIODS = list('الربع الثالث|النصف الأول من العام|الشهر الماضي|العام الجاري|الأشهر الستة الماضية|الموسم الحالي')
export const METRICS = list('الإنجاز|النمو|الإقبال|المشاركة|التضخم|البطالة|الإشغال الفندقي|التغطية|الاستجابة')
export const GROUPS = list('الأوساط الشعبية|القطاع الخاص|الخبراء والمختصين|منظمات المجتمع المدني|الفعاليات الاقتصادية|أهالي المنطقة|النقابات المهنية|الشارع الرياضي')
export const EVENTS = list('الفعاليات|المبادرة|الحملة|الندوة|الورشة|المسابقة|الاحتفالية|الدورة التدريبية|الأيام الثقافية|المسيرة')
export const REPORTERS = list('مصادر مطلعة|وسائل إعلام محلية|وكالة الأنباء الرسمية|مصادر حكومية|تقارير صحفية')
export const DELAYS = list('أشهر من الانتظار|سنوات من التأجيل|جولات من المفاوضات|أسابيع من الجدل')
/** Masculine|feminine forms of a role in apposition to a person's name. */
export const ROLES = list('المتحدث باسم الوزارة/المتحدثة باسم الوزارة|مدير المشروع/مديرة المشروع|الخبير الاقتصادي/الخبيرة الاقتصادية|رئيس اللجنة/رئيسة اللجنة|الباحث في الشؤون السياسية/الباحثة في الشؤون السياسية|مدير الإعلام/مديرة الإعلام|أستاذ الاقتصاد في الجامعة/أستاذة الاقتصاد في الجامعة|المدير العام/المديرة العامة|معاون الوزير/معاونة الوزير|عضو مجلس الإدارة/عضو مجلس الإدارة')
export const QUOTES = list('نعمل على إنجاز المشروع ضمن المدة المحددة|الأولوية اليوم هي لتحسين حياة الناس|لن نتهاون مع أي تقصير في هذا الملف|النتائج الأولية مشجعة لكن الطريق ما زال طويلا|هذه خطوة أولى وستتبعها خطوات أخرى|الأرقام تتحدث عن نفسها|نحتاج إلى تعاون الجميع لتجاوز هذه المرحلة|الأبواب مفتوحة أمام كل المقترحات البناءة|ما تحقق حتى الآن يبعث على التفاؤل|نراهن على طاقات الشباب وخبرات الكبار|التحدي الأكبر هو التمويل|سنعلن التفاصيل الكاملة في الأيام القادمة|المواطن هو البوصلة في كل ما نقوم به|لا يمكن الحديث عن تنمية من دون استقرار|الفريق قدم أداء يليق باسمه وتاريخه|الجمهور يستحق الأفضل دائما|الوقاية تبقى خيرا من العلاج|التقنية وسيلة وليست غاية|الثقافة جسر بين الشعوب|نحن أمام فرصة حقيقية يجب ألا نضيعها')

export const MALE_NAMES = list('محمد|أحمد|خالد|سامر|رامي|عمر|يوسف|علي|حسن|باسل|مازن|فادي|وسيم|طارق|زياد|إبراهيم|جورج|ميشيل|نبيل|هشام|وائل|كريم|أيمن|عماد|غسان|ماهر|نزار|رياض|سليم|مروان')
export const FEMALE_NAMES = list('ريم|لينا|سارة|هبة|رنا|دانة|نور|مريم|فاطمة|ليلى|هالة|سلمى|رهف|جمانة|ديما|لمى|سوسن|رشا|منى|ياسمين')
export const FAMILY_NAMES = list('الحلبي|الخطيب|العلي|حداد|الشامي|المصري|الأحمد|النجار|عيسى|الحسن|السيد|قباني|العطار|الزعبي|الحمصي|درويش|الجابري|منصور|سليمان|عبد الله|الكردي|شاهين|نصار|خوري|الحموي|طه|العمر|بكري|الصباغ|مراد')
/** Transliterated foreign names, for world, sport and technology stories. */
export const FOREIGN_NAMES = { m: list('أنطونيو غوتيريش|إيمانويل ماكرون|أولاف شولتس|فلاديمير بوتين|شي جين بينغ|رجب طيب أردوغان|ناريندرا مودي|كير ستارمر|ليونيل ميسي|كريستيانو رونالدو|كيليان مبابي|بيب غوارديولا|كارلو أنشيلوتي|إيلون ماسك|سام ألتمان|تيدروس أدهانوم غيبريسوس|لويس إيناسيو لولا دا سيلفا'), f: list('أورسولا فون دير لاين|جورجيا ميلوني|كريستالينا غورغييفا|كامالا هاريس') }
export const NICKNAMES = list('أبو أحمد|أم خالد|أبو سليم|أم ريم|مواطن|قارئ من حلب|متابع|ابن البلد|زائر')

export const CITIES = list('دمشق|حلب|حمص|حماة|اللاذقية|طرطوس|درعا|السويداء|دير الزور|الرقة|الحسكة|إدلب|القامشلي|تدمر|بيروت|طرابلس|صيدا|عمان|إربد|القاهرة|الإسكندرية|بغداد|البصرة|الموصل|الرياض|جدة|دبي|أبوظبي|الدوحة|الكويت|مسقط|المنامة|تونس|الجزائر|الرباط|الدار البيضاء|الخرطوم|القدس|غزة|إسطنبول|باريس|لندن|برلين|جنيف|موسكو|واشنطن|نيويورك|بكين|طوكيو')
export const COUNTRIES = list('سوريا|لبنان|الأردن|العراق|مصر|السعودية|الإمارات|قطر|الكويت|سلطنة عمان|البحرين|اليمن|تونس|الجزائر|المغرب|ليبيا|السودان|فلسطين|تركيا|إيران|روسيا|الصين|فرنسا|ألمانيا|بريطانيا|الولايات المتحدة|اليابان|الهند|البرازيل|إيطاليا')

/** Sentence templates. {v:M/F} agrees with {actor} when the template has one, else with {person}. */
export const SENTENCES = list(`
  {v:أعلن/أعلنت} {actor} {when} عن {subject}، في خطوة تهدف إلى {goal}.|
  {v:أكد/أكدت} {actor} أن العمل جار على {subject} في {city}، بمشاركة عدد من الجهات المعنية.|
  {v:ناقش/ناقشت} {actor} {when} {subject}، إلى جانب {subject2}.|
  و{v:قال/قالت} {person}، {role}، إن «{quote}».|
  و{v:شدد/شددت} {actor} على ضرورة {goal}، في ظل {context}.|
  وأوضح البيان أن الإعلان عن {subject} يأتي ضمن سلسلة من الإجراءات التي أعلن عنها {when}.|
  وتشير التقديرات إلى أن نسبة {metric} بلغت {pct} خلال {period}، مقارنة بـ{pct2} في الفترة نفسها من العام الماضي.|
  وفي {city}، {v:استعرض/استعرضت} {actor} {subject} بحضور {person}، {role}.|
  ويرى مراقبون أن المضي في {subject} قد يسهم في {goal}.|
  ومن المقرر أن تعقد جولة جديدة من المباحثات {future} لمتابعة {subject} في {city}.|
  وكانت السلطات في {country} قد أعلنت في وقت سابق عن {subject}، وسط ترحيب من {group}.|
  وبحسب أرقام رسمية، شارك أكثر من {num} شخص في {event} التي أقيمت في {city} {when}.|
  وتأتي هذه الخطوة بعد أشهر من الجدل حول {subject}، وفق ما ذكرته {reporters}.|
  و{v:دعا/دعت} {actor} إلى {goal}، {v:مؤكدا/مؤكدة} أن الأبواب مفتوحة أمام الجميع.|
  ولم يصدر أي تعليق رسمي حتى الآن على {subject}، في حين تتواصل الاستعدادات في {city}.|
  و{v:أشار/أشارت} {person} إلى أن العمل على {subject} يحتاج إلى متابعة دقيقة خلال {period}.|
  و{v:التقى/التقت} {person} {when} وفدا من {group} لبحث {subject}.`)

/** Headline templates (6–14 words once filled; the generator retries or pads to stay in range). */
export const TITLES = list(`
  {actor} {v:يعلن/تعلن} {subject} في {city} {when}|
  {actor} {v:يناقش/تناقش} {subject} في {city} {when}|
  {actor} {v:يطلق/تطلق} {subject} بهدف {goal}|
  إطلاق {subject} في {city} بمشاركة {group}|
  {person} في {city}: «{quote}»|
  هل {v:ينجح/تنجح} {actor} في {goal} بعد {subject}؟|
  {num} مشارك في {event} بمدينة {city} {when}|
  {city}: جدل واسع حول {subject} بين {group}|
  بعد {delay}، {actor} {v:يقر/تقر} {subject} في {city}|
  {subject} و{subject2} على طاولة {actor} {when}|
  {actor} {v:يكشف/تكشف} تفاصيل جديدة حول {subject} في {city}`)

export const COMMENTS = list('مقال مفيد، شكرا للكاتب.|نتمنى أن تتحول هذه الوعود إلى أفعال.|أين الرقابة على الأسعار؟|كلام جميل لكن الواقع مختلف تماما.|تحية لكل من عمل على هذا المشروع.|متى سيبدأ التنفيذ فعليا؟|أتفق مع ما جاء في المقال.|هذا ما كنا ننتظره منذ سنوات.|المشكلة ليست في القرارات بل في تطبيقها.|نرجو من المسؤولين الاستماع لصوت الناس.|خبر رائع، بالتوفيق للجميع.|لا أظن أن هذا الحل سينجح.|أرجو نشر المزيد من التفاصيل.|الأرقام المذكورة غير دقيقة برأيي.|شكرا على التغطية السريعة.|الله يعطيكم العافية.|نحتاج إلى حلول جذرية لا مؤقتة.|الأسعار في حلب أعلى بكثير.|تجربة مشابهة فشلت في الماضي.|الفريق يستحق الفوز بجدارة.|المدرب يتحمل المسؤولية.|أتمنى أن يشمل القرار جميع المحافظات.|موضوع مهم ويستحق النقاش.|هل من رابط للمصدر الأصلي؟|المقال يطرح أسئلة مهمة.|نقطة ممتازة في الفقرة الأخيرة.|للأسف تأخرنا كثيرا.|ننتظر النتائج على أرض الواقع.|كل الدعم لهذه المبادرة.|لماذا لا يتم إشراك الشباب؟')

export const BYLINES = list('سامر الحلبي|لينا الخطيب|رامي حداد|هبة الشامي|عمر النجار|ريم درويش|باسل قباني|سلمى منصور|طارق العطار|جمانة خوري|نبيل الزعبي|ديما شاهين|وسيم الحموي|رنا الصباغ|مازن العلي|نور مراد|قسم الأخبار المحلية|فريق التحرير|مراسل الأفق في حلب|مراسلة الأفق في بيروت|القسم الرياضي|القسم الاقتصادي')
export const SOURCES = list('وكالات|سانا|رويترز|أ ف ب|الأناضول|د ب أ|واس|وام|قنا|كونا|بترا|الأفق الإخباري|خاص')

/** ~12 tags per topic, the topic's own name first; the tag list interleaves them by rank. */
export const TOPIC_TAGS: Record<Topic, string[]> = {
  economy: list('اقتصاد|الأسعار|الليرة|الاستثمار|البنك المركزي|النفط|الذهب|الصادرات|الضرائب|البورصة|التضخم|العقارات'),
  politics: list('سياسة|انتخابات|الحكومة|البرلمان|الدستور|الأحزاب|الحوار الوطني|مكافحة الفساد|اللاجئون|الإدارة المحلية|الدبلوماسية|حقوق الإنسان'),
  sport: list('رياضة|كرة القدم|المنتخب الوطني|الدوري الممتاز|كرة السلة|ألعاب القوى|الأولمبياد|كأس العالم|دوري أبطال أوروبا|الانتقالات|التنس|السباحة'),
  local: list('محليات|خدمات|الكهرباء|المياه|المواصلات|الطقس|الخبز|المحروقات|التعليم|السكن|النظافة|الطرق'),
  world: list('دولي|الأمم المتحدة|الاتحاد الأوروبي|أوكرانيا|غزة|المناخ|الهجرة|العقوبات|حلف الناتو|الانتخابات الأمريكية|آسيا|أفريقيا'),
  health: list('صحة|لقاحات|مستشفيات|أدوية|السرطان|السكري|صحة نفسية|تغذية|الإنفلونزا|التأمين الصحي|طب الأطفال|الأوبئة'),
  tech: list('تكنولوجيا|الذكاء الاصطناعي|الإنترنت|الهواتف الذكية|أمن المعلومات|الفضاء|الشركات الناشئة|الطاقة المتجددة|السيارات الكهربائية|الاتصالات|البرمجة|الحوسبة السحابية'),
  culture: list('ثقافة|كتب|سينما|مسرح|موسيقى|تراث|آثار|شعر|رواية|فنون تشكيلية|مهرجانات|دراما'),
  opinion: list('رأي|تحليل|افتتاحية|حوار|مقالات|الشباب|التعليم العالي|الإعلام|المجتمع المدني|المرأة|الهوية|الذاكرة'),
  misc: list('منوعات|مجتمع|سفر|مطبخ|موضة|أسرة|سياحة|طبيعة|حيوانات|تصوير|أعياد|رمضان'),
}
export const ENGLISH_TAGS = list('AI|COVID-19|FIFA|OPEC|G20|NASA|UN|Formula 1|iPhone|Champions League')

// English, for the ~10 % of articles in English: fewer words, no agreement to worry about.
export const EN = {
  subjects: list('the new election law|the small business support plan|interest rates|the national vaccination campaign|the cup final|the climate summit|the digital transformation project|the international book fair|the water network upgrade|ceasefire talks|the refugee return plan|fuel prices|the 5G network rollout|the film festival|the university hospital project|the national team\'s preparations|the budget deficit|the data protection law|the public transport crisis|the heritage restoration programme|the central bank\'s new policy|the youth employment scheme|the solar energy project|the city marathon|the regional trade agreement|housing prices|the school curriculum reform|the cybersecurity strategy|the museum reopening|electricity rationing|the new metro line|wheat harvest forecasts|the teachers\' pay deal|the airport expansion|the minimum wage review|the drought response plan|the league\'s new season|the vaccine supply deal|the startup visa scheme|the old city restoration|the olive oil export season|the national archive project|the mobile banking rollout|the flood defence works|the tourism recovery plan|the hospital staffing review|the free school meals scheme|the port privatisation plan|the rural broadband project|the press freedom report'),
  actors: list('the government|the finance minister|the central bank|the health ministry|the football federation|the United Nations|the city council|the prime minister|the culture ministry|the European Union|local officials|the opposition bloc'),
  verbs: list('announced|discussed|approved|launched|reviewed|criticised|unveiled|backed|postponed'),
  goals: list('improve public services|attract foreign investment|create jobs for young people|curb rising prices|support local producers|upgrade infrastructure|protect the environment|cut red tape|strengthen regional cooperation|expand access to healthcare'),
  contexts: list('rising global prices|the current economic conditions|growing demand for services|the challenges facing the region|sanctions that are still in place'),
  cities: list('Damascus|Aleppo|Homs|Latakia|Beirut|Amman|Cairo|Baghdad|Riyadh|Dubai|Doha|Tunis|Istanbul|Geneva|London|Paris'),
  when: list('on Sunday|on Monday|on Tuesday|on Wednesday|on Thursday|earlier today|last week|this week'),
  future: list('next week|early next month|before the end of the year|in the coming days'),
  events: list('the festival|the campaign|the forum|the marathon|the exhibition'),
  people: list('Rami Haddad|Lina Khoury|Samer Halabi|Maya Nassar|Omar Darwish|Hala Mansour|Karim Shahin|Nour Attar|Tarek Hamwi|Dana Issa|Basel Kabbani|Rana Sabbagh|Ziad Khatib|Salma Murad|Fadi Najjar|Reem Shami|Majd Hassan|Yara Saleh|Nizar Bakri|Joud Taha'),
  roles: list('a government spokesperson|the project director|an economist at the university|the committee chair|a senior official'),
  quotes: list('We are on schedule and we will deliver|People deserve better services, and they deserve them now|This is a first step, not the last|The numbers speak for themselves|We need everyone on board to get through this|Nobody should pay more for less|We listened, and we changed the plan|This was a long time coming|The hard part starts now|Our doors are open to every good idea|We will publish every figure|Results matter more than promises'),
  sentences: list(`
    {Actor} {verb} {subject} {when}, saying the move aims to {goal}.|
    Officials in {city} said work on {subject} was under way, with several agencies taking part.|
    "{quote}," {person}, {role}, told reporters in {city}.|
    Analysts say {subject} could help {goal}, given {context}.|
    According to official figures, more than {num} people took part in {event} held in {city} {when}.|
    A new round of talks on {subject} is expected {future}.|
    The announcement comes after months of debate over {subject}, local media reported.|
    Critics argue that {subject} does little to {goal}, while supporters point to early results.|
    The plan will be reviewed again {future}, according to a statement from {actor}.`),
  titles: list(`
    {Actor} {verb} {subject} in {city} {when}|
    {City}: {actor} under pressure over {subject}|
    What {subject} means for {city}, says {person}|
    More than {num} join {event} in {city} {when}|
    {person} in {city} {when}: "{quote}"|
    Why {actor} sees {subject} as key for {city}`),
  comments: list('Great piece, thanks.|When will this actually start?|I agree with the author.|The numbers don\'t add up.|Finally some good news.|This should have happened years ago.|Can you share the source?|Well written and balanced.|I\'m not convinced this will work.|Thanks for the quick coverage.'),
  bylines: list('Staff reporter|Rami Haddad|Lina Khoury|Maya Nassar|Omar Darwish'),
  sources: list('Reuters|AFP|AP|Staff'),
}
