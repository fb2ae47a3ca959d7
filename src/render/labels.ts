// The interface words pages show, in the site's language (SiteConfig.lang). Templates get them as `t`.

export interface Labels {
  home: string;
  tags: string;
  allTags: string;
  related: string;
  allRelated: string;
  noRelated: string;
  relatedTo: string;
  archived: string;
  external: string;
  original: string;
  /** Stands for a picture the archive did not keep, linking to its original address; {name} is its alt text or host. */
  imageNotSaved: string;
  /** Heading of the list of saved copies of a re-posted article. */
  copies: string;
  author: string;
  source: string;
  category: string;
  noDate: string;
  articles: string;
  tagged: string;
  noArticles: string;
  /** Between names in a list, e.g. authors. */
  separator: string;
  archive: string;
  /** Heading of the date archive's index page. */
  archiveTitle: string;
  sites: string;
  allSites: string;
  /** Before a site's name on its page. */
  savedFrom: string;
  months: string;
  moreLikeThis: string;
  noSimilar: string;
  /** The article published before / after this one. */
  older: string;
  newer: string;
  /** aria-label of the previous/next links under an article. */
  moreArticles: string;
  /** aria-label of a list's page links. */
  pagination: string;
  previousPage: string;
  nextPage: string;
  /** A page's number, "{n}" replaced: `{{ t.pageN | replace: '{n}', pager.number }}`. */
  pageN: string;
  notFound: string;
  notFoundText: string;
  feed: string;
  jsonFeed: string;
  /** How many articles have no date, "{n}" replaced. */
  undated: string;
  /** Under a long list's first page: the link to the rest (see SPLIT_LIST_PAGES). */
  olderArticles: string;
  /** Heading of a long list's years. */
  years: string;
}

const ZH: Labels = {
  home: '首页',
  tags: '标签',
  allTags: '全部标签',
  related: '相关文章',
  allRelated: '查看全部相关文章',
  noRelated: '没有相关文章。',
  relatedTo: '相关文章：',
  archived: '存档',
  external: '原文',
  original: '阅读原文',
  imageNotSaved: '图片未存档（{name}），查看原图',
  copies: '转载与存档副本',
  author: '作者',
  source: '来源',
  category: '分类',
  noDate: '日期不详',
  articles: '篇文章',
  tagged: '标签：',
  noArticles: '还没有文章。',
  separator: '、',
  archive: '归档',
  archiveTitle: '按日期归档',
  sites: '来源网站',
  allSites: '全部来源网站',
  savedFrom: '保存自：',
  months: '月份',
  moreLikeThis: '更多类似文章',
  noSimilar: '存档中没有类似的文章。',
  older: '上一篇',
  newer: '下一篇',
  moreArticles: '上一篇和下一篇',
  pagination: '分页',
  previousPage: '上一页',
  nextPage: '下一页',
  pageN: '第 {n} 页',
  notFound: '找不到这个页面',
  notFoundText: '这个地址没有页面。它可能已被移动或删除。',
  feed: 'Atom 订阅',
  jsonFeed: 'JSON Feed',
  undated: '{n} 篇文章没有日期，不在按日期归档中。',
  olderArticles: '更早的文章',
  years: '年份',
};

const EN: Labels = {
  home: 'Home',
  tags: 'Tags',
  allTags: 'All tags',
  related: 'Related',
  allRelated: 'All related articles',
  noRelated: 'No related articles.',
  relatedTo: 'Related to: ',
  archived: 'archived',
  external: 'external',
  original: 'Read the original',
  imageNotSaved: 'Image not saved in the archive ({name}): view the original',
  copies: 'Copies found',
  author: 'By',
  source: 'Source',
  category: 'Category',
  noDate: 'Date unknown',
  articles: 'articles',
  tagged: 'Tagged: ',
  noArticles: 'No articles yet.',
  separator: ', ',
  archive: 'Archive',
  archiveTitle: 'Archive by date',
  sites: 'Sites',
  allSites: 'All sites',
  savedFrom: 'Saved from: ',
  months: 'Months',
  moreLikeThis: 'More like this',
  noSimilar: 'Nothing similar in the archive.',
  older: 'Older',
  newer: 'Newer',
  moreArticles: 'Older and newer articles',
  pagination: 'Pages',
  previousPage: 'Previous page',
  nextPage: 'Next page',
  pageN: 'Page {n}',
  notFound: 'Page not found',
  notFoundText: 'There is no page at this address. It may have been moved or removed.',
  feed: 'Atom feed',
  jsonFeed: 'JSON Feed',
  undated: 'Without a date, so not in the date archive: {n}',
  olderArticles: 'Older articles',
  years: 'Years',
};

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Chinese for `zh*`, English for every other language. */
export function labelsFor(lang: string): Labels {
  return lang.toLowerCase().startsWith('zh') ? ZH : EN;
}

/** A month's name: `2024年4月` in Chinese, `April 2024` otherwise. `month` is `MM`. */
export function monthName(lang: string, year: string, month: string): string {
  const number = Number(month);
  if (lang.toLowerCase().startsWith('zh')) return `${year}年${number}月`;
  return `${MONTHS[number - 1] ?? month} ${year}`;
}

/** "Page 2" / "第 2 页". */
export function pageName(t: Labels, number: number): string {
  return t.pageN.replace('{n}', String(number));
}
