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
  copies: '转载与存档副本',
  author: '作者',
  source: '来源',
  category: '分类',
  noDate: '日期不详',
  articles: '篇文章',
  tagged: '标签：',
  noArticles: '还没有文章。',
  separator: '、',
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
  copies: 'Copies found',
  author: 'By',
  source: 'Source',
  category: 'Category',
  noDate: 'Date unknown',
  articles: 'articles',
  tagged: 'Tagged: ',
  noArticles: 'No articles yet.',
  separator: ', ',
};

/** Chinese for `zh*`, English for every other language. */
export function labelsFor(lang: string): Labels {
  return lang.toLowerCase().startsWith('zh') ? ZH : EN;
}
