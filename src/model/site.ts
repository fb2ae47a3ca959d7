// Site: what render needs besides the records: the site's settings.

export interface SiteConfig {
  /** The archive's name, shown in the header and the <title> of every page. */
  title: string;
  /** Optional one-line description for the home page. */
  description: string;
  /** Language of the site's own interface text (BCP 47), e.g. "zh" or "en"; "auto": the language most articles are in. */
  lang: string;
  /**
   * Where the site is served, absolute http(s) and ending in "/" (e.g. "https://host/sub/"), or null.
   * Only formats that demand absolute addresses use it (feeds, sitemap, canonical, og:url, robots.txt);
   * pages link to each other relatively either way.
   */
  baseUrl?: string | null;
  /** Articles on one page of a list (home, tag, date and site pages). */
  pageSize?: number;
  /**
   * Show pictures the archive did not keep from their original hosts (every reader's browser then
   * asks those hosts for them); off: such a picture is a link to its original.
   */
  remoteImages?: boolean;
}

export function defaultSiteConfig(): SiteConfig {
  return { title: 'folio archive', description: 'An archive of saved news articles.', lang: 'auto', baseUrl: null, pageSize: 20, remoteImages: false };
}
