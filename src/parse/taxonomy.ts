// Site, original source, category, tags and language of a page.

import type { CheerioAPI } from 'cheerio';
import type { Element } from 'domhandler';
import { jsonLdStrings, jsonLdTypes, metaValue, metaValues, type PageMeta } from './meta.ts';
import { cjkCount, clean, firstElement, textContent } from './text.ts';
import { closest, findAll, findFirst, query } from './select.ts';

/** The scraped site's own name: og:site_name, JSON-LD publisher, <title> suffix, host. */
export function extractSite(meta: PageMeta, titleSuffixes: string[], url: string | null): string | null {
  const named = metaValue(meta, 'og:site_name', 'application-name', 'apple-mobile-web-app-title', 'sitename', 'site_name', 'site');
  if (named) return named;
  const publisher = jsonLdStrings(meta.article?.['publisher'])[0];
  if (publisher) return publisher;
  const org = meta.jsonLd.find((n) => jsonLdTypes(n).some((t) => t === 'WebSite' || t === 'NewsMediaOrganization' || t === 'Organization'));
  const orgName = org ? jsonLdStrings(org['name'])[0] : undefined;
  if (orgName) return orgName;
  // The last suffix of <title> is usually the site ("headline_智见科技网", "headline - BBC News").
  const last = titleSuffixes[titleSuffixes.length - 1];
  if (last) return last.split(/(?:(?<!\s)|(?!\s))\s*[·•]\s*/)[0] ?? last;
  return url ? new URL(url).hostname.replace(/^www\./, '') : null;
}

const SOURCE_LINE = /(?:^|[\s　|｜])(?:来源|來源|稿源|出处|文章来源|本文来源|Source)\s*[:：]\s*([^\s　|｜:：,，。]{2,24})/iu;

/** The original publisher of a re-post: a 来源 line, a source meta, or the source suffix a farm copied into its headline. */
export function extractSource(meta: PageMeta, lines: string[], headingSuffixes: string[], site: string | null): string | null {
  const fromMeta = metaValue(meta, 'source', 'og:source', 'article:source', 'contentsource');
  const fromLine = lines.map((l) => SOURCE_LINE.exec(l)?.[1]).find(Boolean);
  const fromSuffix = headingSuffixes[0]?.split(/(?:(?<!\s)|(?!\s))\s*[·•]\s*/)[0];
  for (const candidate of [fromMeta, fromLine, fromSuffix]) {
    const name = clean(candidate?.replace(/[）)】\]]+$/, ''));
    if (!name || /^https?:/.test(name)) continue;
    if (site && (name === site || site.includes(name) || name.includes(site))) return null;
    return name;
  }
  return null;
}

const BREADCRUMB = '[class*="breadcrumb"], [id*="breadcrumb"], [class*="crumb"], [class*="bread"], [class*="position"], [id*="position"], [class*="location"], [class*="dangqian"], .path, .nav-path, .weizhi, .dqwz, [class*="weizhi"], [itemtype*="BreadcrumbList"]';
const CRUMB_SKIP = /^(首页|首頁|主页|home|正文|正文内容|内容|详情|详细内容|当前位置|您的位置|你的位置|current|位置|>|›|»|\/)$/i;

/** The site menu's entry marked as the current page (aria-current), when there is no breadcrumb. */
function currentNavSection($: CheerioAPI): string | null {
  const current = clean(query($, 'nav a[aria-current="page"], nav a[aria-current="true"]').first().text());
  return current && current.length <= 20 && !CRUMB_SKIP.test(current) ? current : null;
}

const WHERE_AM_I = /当前(的)?位置|您的位置|你的位置|所在位置|目前位置|現在位置|現在の位置/;

/** The breadcrumb: by class name, or the element whose text starts "当前位置：". */
function breadcrumb($: CheerioAPI): ReturnType<CheerioAPI> | null {
  const byClass = query($, BREADCRUMB).first();
  if (byClass.length) return byClass;
  const body = findFirst($.root().get(0)!, 'body');
  const label = body && firstElement(body, (el) => el.children.some((c) => c.type === 'text' && WHERE_AM_I.test((c as unknown as { data: string }).data)));
  return label ? $(label) : null;
}

/** Section: article:section, JSON-LD articleSection, else the breadcrumb's last level above the article. */
export function extractCategory($: CheerioAPI, meta: PageMeta, title: string | null): string | null {
  const section = metaValue(meta, 'article:section', 'og:article:section', 'category', 'section');
  if (section) return section;
  const ld = jsonLdStrings(meta.article?.['articleSection'])[0];
  if (ld) return ld;
  const microdata = clean(query($, '[itemprop="articleSection"]').first().text() || query($, '[itemprop="articleSection"]').first().attr('content'));
  if (microdata && microdata.length <= 30) return microdata;
  const crumbs = breadcrumb($);
  if (!crumbs) return currentNavSection($);
  const levels = findAll(crumbs[0]!, 'a').map((a) => clean(textContent(a)));
  const text = clean(crumbs.text()).replace(/^.*?(当前位置|您的位置|你的位置|位置)\s*[:：]\s*/, '');
  const parts = levels.length ? levels : text.split(/(?:(?<!\s)|(?!\s))\s*[>›»/]\s*/);
  const useful = parts.map(clean).filter((p) => p && !CRUMB_SKIP.test(p) && p !== title && p.length <= 20);
  return useful[useful.length - 1] ?? null;
}

const TAG_LABEL = /^(标签|標籤|TAG标签|TAGS?|关键词|關鍵詞|关键字|Tags|Topics|Keywords|Tagged)\s*[:：]?$/i;

/** The article's own tags: article:tag, JSON-LD keywords, a visible tag row near the body. */
export function extractTags(meta: PageMeta, body: Element[]): string[] {
  const fromMeta = metaValues(meta, 'article:tag');
  if (fromMeta.length) return unique(fromMeta.flatMap(splitTags));
  const ld = meta.article?.['keywords'];
  if (ld) {
    const tags = jsonLdStrings(ld).flatMap(splitTags);
    if (tags.length) return unique(tags);
  }
  return unique(visibleTags(body));
}

function visibleTags(body: Element[]): string[] {
  const scopes = new Set<Element>();
  for (const part of body) {
    let el: Element | null = part;
    for (let i = 0; el && i < 3; i++, el = el.parent as Element | null) if (el.type === 'tag') scopes.add(el);
  }
  const tags: string[] = [];
  for (const scope of scopes) {
    for (const a of findAll(scope, 'a[rel~="tag"], [class*="tag"] a, [class*="keyword"] a, a[href*="/tag/"], a[href*="/tags/"]')) {
      const container = closest(a, '[class*="cloud"], aside, nav, [class*="sidebar"], [class*="side"]');
      // WordPress marks the category link rel="category tag": a category, not a tag.
      if (container || /category/.test(a.attribs['rel'] ?? '')) continue;
      const text = clean(textContent(a)).replace(/^#/, '');
      if (text && text.length <= 20 && !TAG_LABEL.test(text)) tags.push(text);
    }
    for (const a of findAll(scope, 'a')) {
      const text = clean(textContent(a));
      if (/^#[^#\s]{1,20}$/.test(text)) tags.push(text.slice(1));
    }
    if (tags.length) break;
  }
  // "关键词：A B C" rows without links.
  if (!tags.length) {
    for (const scope of scopes) {
      for (const el of findAll(scope, 'p, div, span')) {
        const text = clean(textContent(el));
        const m = /^(?:标签|關鍵詞|关键词|关键字|Tags|Keywords)\s*[:：]\s*(.{2,80})$/i.exec(text);
        if (m && !tags.length) tags.push(...splitTags(m[1]!));
      }
      if (tags.length) break;
    }
  }
  return tags;
}

function splitTags(text: string): string[] {
  return text.split(/\s*[,，、;；|]\s*|\s{2,}|\s(?=#)/).map((t) => clean(t).replace(/^#/, '')).filter((t) => t && t.length <= 30);
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/** Language: html lang, content-language meta, og:locale, else the script of the body text. */
export function extractLang(meta: PageMeta, bodyText: string): string | null {
  const declared = meta.htmlLang ?? metaValue(meta, 'content-language', 'language', 'og:locale', 'dc.language');
  const code = declared?.toLowerCase().replace('_', '-');
  if (code && /^[a-z]{2,3}(-[a-z0-9]+)*$/.test(code) && isKnownLanguage(code.split('-')[0]!)) return code.split('-')[0]!;
  return scriptLanguage(bodyText);
}

const languageNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'code' });

/** "zh", "en" are languages; a decoy like content-language="utf-8" is not. */
function isKnownLanguage(code: string): boolean {
  try {
    return languageNames.of(code) !== code;
  } catch {
    return false;
  }
}

export function scriptLanguage(text: string): string | null {
  const sample = text.slice(0, 3000);
  if (!sample.trim()) return null;
  const kana = sample.match(/[\p{Script=Hiragana}\p{Script=Katakana}]/gu)?.length ?? 0;
  const hangul = sample.match(/\p{Script=Hangul}/gu)?.length ?? 0;
  const cjk = cjkCount(sample);
  if (kana > 20) return 'ja';
  if (hangul > 20) return 'ko';
  if (cjk > 20) return 'zh';
  if (/\b(the|and|of|to|in|is|that)\b/gi.test(sample) && (sample.match(/\b(the|and|of|to|is)\b/gi)?.length ?? 0) > 10) return 'en';
  if ((sample.match(/\b(der|die|und|das|ist|nicht)\b/gi)?.length ?? 0) > 10) return 'de';
  return null;
}
