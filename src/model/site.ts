// Site: what render needs besides the records: the site's settings.

export interface SiteConfig {
  /** The archive's name, shown in the header and the <title> of every page. */
  title: string;
  /** Optional one-line description for the home page. */
  description: string;
  /** Language of the site's own interface text (BCP 47), e.g. "zh" or "en"; "auto": the language most articles are in. */
  lang: string;
}

export function defaultSiteConfig(): SiteConfig {
  return { title: 'folio archive', description: 'An archive of saved news articles.', lang: 'auto' };
}
