// The render stage: archive records -> dist/.
export { renderSite, siteLanguage } from './site.ts';
export type { RenderOptions, RenderSummary } from './site.ts';
export type { RenderWarning } from './collect.ts';
export { TemplateError, DEFAULT_TEMPLATES_DIR } from './templates.ts';
export type { ArticleView, TagView, TagRef, RelatedItem, ArchivedRef } from './views.ts';
export type { DateView } from './dates.ts';
