// Which pages the site has, where each is written, and what its template receives.
// Page data is made when the page is rendered, so article bodies are never all in memory at once.

import type { SiteModel } from './collect.ts';
import type { Labels } from './labels.ts';
import { articlePath, relatedPath, tagPath } from './links.ts';

export type PageKind = 'home' | 'article' | 'related' | 'tags' | 'tag';

export interface PagePlan {
  kind: PageKind;
  /** The file written, relative to the output folder. */
  file: string;
  /** The template's name, without `.liquid`. */
  template: string;
  /** The page's own title (the layout adds the site's), or null on the home page. */
  title: string | null;
  /** For `<meta name="description">`: the article's summary, or null for the site's description. */
  description: string | null;
  /** The variables the template gets besides the globals every page gets. */
  data: () => Promise<Record<string, unknown>> | Record<string, unknown>;
}

export interface PageHooks {
  /** The article's sanitized body HTML. */
  body: (slug: string) => Promise<string>;
}

export function planPages(model: SiteModel, t: Labels, hooks: PageHooks): PagePlan[] {
  const articles = model.articles.map((entry) => entry.view);
  const pages: PagePlan[] = [
    { kind: 'home', file: 'index.html', template: 'home', title: null, description: null, data: () => ({ articles }) },
    { kind: 'tags', file: 'tags/index.html', template: 'tags', title: t.allTags, description: null, data: () => ({ tags: model.tags }) },
  ];
  for (const article of articles) {
    pages.push({
      kind: 'article',
      file: `${articlePath(article.slug)}index.html`,
      template: 'article',
      title: article.title,
      description: article.summary,
      data: async () => ({ article, body: await hooks.body(article.slug) }),
    });
    pages.push({
      kind: 'related',
      file: `${relatedPath(article.slug)}index.html`,
      template: 'related',
      title: `${t.relatedTo}${article.title}`,
      description: article.summary,
      data: () => ({ article, related: article.related }),
    });
  }
  for (const tag of model.tags) {
    pages.push({
      kind: 'tag',
      file: `${tagPath(tag.slug)}index.html`,
      template: 'tag',
      title: tag.name,
      description: null,
      data: () => ({ tag }),
    });
  }
  return pages;
}
