// The render stage: archive records -> dist/.
export { renderSite, siteLanguage } from './site.ts';
export type { RenderOptions, RenderSummary } from './site.ts';
export type { RenderWarning } from './collect.ts';
export { TemplateError, DEFAULT_TEMPLATES_DIR } from './templates.ts';
export { siteBaseUrl } from './links.ts';
export { contentWords, tokenize } from './tokens.ts';
export type { ArticleView, ArticleRef, TagView, TagRef, RelatedItem, ArchivedRef, SiteView, SiteRef, YearView, MonthView, PagerView, PageLink } from './views.ts';
export type { DateView } from './dates.ts';
