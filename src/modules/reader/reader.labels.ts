// The few words the reader's pages write themselves, by the page's language (Arabic, else English).
const AR = {
  source: 'المصدر',
  by: 'بقلم',
  notFoundTitle: 'الصفحة غير موجودة',
  notFound: 'لم نجد ما تبحث عنه: ربما نُقل الخبر أو حُذف.',
  errorTitle: 'تعذر عرض الصفحة',
  error: 'حدث خطأ أثناء تحضير الصفحة. حاول مرة أخرى بعد قليل.',
  home: 'الصفحة الرئيسية',
}
type Labels = typeof AR
const EN: Labels = {
  source: 'Source',
  by: 'By',
  notFoundTitle: 'Page not found',
  notFound: 'We could not find what you were looking for: the story may have moved or been removed.',
  errorTitle: 'This page could not be shown',
  error: 'Something went wrong while preparing this page. Please try again shortly.',
  home: 'Home page',
}

export function labelsFor (language: string): Labels {
  return language.toLowerCase().split('-')[0] === 'ar' ? AR : EN
}
