// The headline: the displayed one (h1, or the element that plays its part), matched against
// <title>, og:title and JSON-LD headline, with site/channel/source suffixes removed.

import type { CheerioAPI } from 'cheerio';
import type { Element } from 'domhandler';
import { metaValue, type PageMeta } from './meta.ts';
import { cjkCount, classAndId, clean, textContent } from './text.ts';
import { TITLE } from './constants.ts';
import { headingText, headlineText, isHidden, withoutKicker } from './kicker.ts';
import { closest, findAll } from './select.ts';

export interface TitleResult {
  title: string | null;
  /** The element showing the headline, when one was found. */
  element: Element | null;
  /** Suffix segments removed from the title (site, channel, re-post source). */
  suffixes: string[];
}

/** Separators a site puts between headline and its name: "|", "｜", "_", " - ", " – ", " — ", " :: ". */
const SUFFIX_SPLIT = /(?:(?<!\s)|(?!\s))(?:\s*[|｜]\s*|\s*_\s*|\s+[-–—]\s+|\s+::\s+|\s*--\s*)|(?<=[\p{Script=Han}）」”！？。])[-—](?=[\p{Script=Han}])/u;

export function extractTitle($: CheerioAPI, meta: PageMeta): TitleResult {
  const declared = [meta.docTitle, metaValue(meta, 'og:title', 'twitter:title'), stringOf(meta.article?.['headline'])]
    .map((t) => clean(t))
    .filter((t) => t.length > 0);

  let best: { el: Element; text: string; score: number } | null = null;
  for (const [index, el] of findAll($.root().get(0)!, TITLE.candidateSelector).entries()) {
    if (index > TITLE.maxCandidates) break;
    if (closest(el, 'a') && el.name !== 'h1') continue;
    if (isHidden(el) || linksHome($, el)) continue; // a screen-reader label or the site's logo
    // Chosen by its whole text (og:title often carries the kicker too), shown without kicker or subtitle.
    const whole = headingText(el);
    if (whole.length < 4 || whole.length > TITLE.maxLength) continue;
    const score = candidateScore(el, whole, declared);
    if (score > 0 && (!best || score > best.score)) best = { el, text: headlineText(el, declared), score };
  }

  const chosen = best as { el: Element; text: string; score: number } | null;
  const lone = loneHeading($, declared);
  if (chosen && (chosen.el.name === 'h1' || !lone || bestCoverage(chosen.text, declared) >= TITLE.minFragmentCoverage)) {
    const { head, suffixes } = stripSuffixes(chosen.text, declared, true);
    const heads = declared.slice(1).map((d) => stripSuffixes(d, declared, false).head);
    return { title: withoutKicker(head, heads), element: chosen.el, suffixes: mergeSuffixes(suffixes, declared, head) };
  }
  if (lone) return { title: lone.text, element: lone.el, suffixes: mergeSuffixes([], declared, lone.text) };
  const fallback = declared[1] ?? declared[2] ?? declared[0];
  if (!fallback) return { title: null, element: null, suffixes: [] };
  const { head, suffixes } = stripSuffixes(fallback, declared, false);
  return { title: head || fallback, element: null, suffixes: mergeSuffixes(suffixes, declared, head) };
}

/**
 * The page's only visible h1, when none of the headings fits the declared titles: a <title> that
 * says something else ("Kanzlei Brandtner" over "Schön, dass Sie da sind!") names the site, the h1 the page.
 */
function loneHeading($: CheerioAPI, declared: string[]): { el: Element; text: string } | null {
  const h1s = findAll($.root().get(0)!, 'h1')
    .filter((el) => !isHidden(el) && !linksHome($, el))
    .map((el) => ({ el, text: headlineText(el, declared) }))
    .filter((h) => h.text);
  // A responsive layout prints the same h1 twice (desktop and mobile): still one headline.
  if (new Set(h1s.map((h) => h.text)).size !== 1) return null;
  const { text } = h1s[0]!;
  return text.length >= TITLE.minMatchChars && text.length <= TITLE.maxLength ? h1s[0]! : null;
}

/** A heading that is one link to the site's front page is the logo or site name. */
function linksHome($: CheerioAPI, el: Element): boolean {
  const links = $(findAll(el, 'a'));
  if (links.length !== 1 || clean(links.text()) !== clean(textContent(el))) return false;
  const href = (links.attr('href') ?? '').trim();
  return /^(?:(?:https?:)?\/\/[^/?#]+)?\/?(?:index\.\w+)?$/i.test(href);
}

function stringOf(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** How well an element's text fits the headline the page declares in its metadata. */
function candidateScore(el: Element, text: string, declared: string[]): number {
  let score = 0;
  const norm = normalizeForMatch(text);
  for (const d of declared) score += matchScore(norm, text, d);
  if (el.name === 'h1') score += 3;
  else if (/^h[2-3]$/.test(el.name)) score += 1;
  if (/title|headline|bt\b|biaoti/.test(classAndId(el))) score += 2;
  if (!declared.length && el.name === 'h1') score += 5;
  return score >= TITLE.minScore ? score : 0;
}

/** The largest share of a declared title this text shows (a heading holding one word of it shows little). */
function bestCoverage(text: string, declared: string[]): number {
  const norm = normalizeForMatch(text);
  let best = 0;
  for (const d of declared) {
    const dn = normalizeForMatch(d);
    if (!dn || !norm) continue;
    if (norm.includes(dn)) return 1;
    best = Math.max(best, dn.includes(norm) ? norm.length / dn.length : overlap(text, d));
  }
  return best;
}

function matchScore(norm: string, text: string, declared: string): number {
  const dn = normalizeForMatch(declared);
  if (!dn || !norm) return 0;
  // How much of the declared title this text covers: a blog's h1 holding only the site name
  // ("Krimiblog-Archiv") is inside "<post title> | Krimiblog-Archiv" but covers little of it.
  const coverage = Math.min(1, norm.length / dn.length);
  if (dn === norm) return 10;
  if (norm.length < TITLE.minMatchChars) return 0;
  if (dn.startsWith(norm)) return 4 + 6 * coverage;
  if (dn.includes(norm)) return 2 + 6 * coverage;
  if (norm.startsWith(dn) || norm.includes(dn)) return 6;
  return overlap(text, declared) * 5;
}

function normalizeForMatch(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, '');
}

/** One CJK character, or a run of other letters and digits. */
const WORD = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]|(?:(?![\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}])[\p{L}\p{N}])+/gu;

/** Words of a text for matching: each CJK character is one, any other run of letters or digits is one. */
function tokens(text: string): string[] {
  return text.normalize('NFKC').toLowerCase().match(WORD) ?? [];
}

/**
 * Share of words two texts have in common, when nearly all of both are shared (cheap similarity for
 * CJK and Latin alike). Words, not characters: any Latin line shares most letters with any long title.
 */
function overlap(a: string, b: string): number {
  const wordsA = new Set(tokens(a));
  const wordsB = new Set(tokens(b));
  if (!wordsA.size || !wordsB.size) return 0;
  let shared = 0;
  for (const w of wordsA) if (wordsB.has(w)) shared++;
  const ratio = shared / Math.max(wordsA.size, wordsB.size);
  return ratio >= TITLE.minOverlap ? ratio : 0;
}

/**
 * Split "headline|source · channel - site" into the headline and suffix segments. Trailing segments
 * go while they look like names (short, no sentence punctuation) and the headline stays long enough.
 * An h1 is only split at "|", "｜" and "_" (headlines use dashes themselves).
 */
export function stripSuffixes(text: string, declared: string[], isHeading: boolean): { head: string; suffixes: string[] } {
  const splitter = isHeading ? /(?:(?<!\s)|(?!\s))\s*[|｜]\s*|_(?=[^_]{2,20}$)/ : SUFFIX_SPLIT;
  const parts = text.split(splitter).map(clean).filter(Boolean);
  if (parts.length < 2) return { head: clean(text), suffixes: [] };
  const suffixes: string[] = [];
  while (parts.length > 1) {
    const last = parts[parts.length - 1]!;
    const rest = parts.slice(0, -1).join(' ');
    if (!looksLikeName(last, rest)) break;
    suffixes.unshift(last);
    parts.pop();
  }
  // A leading site name ("みずほ日日新聞　headline" is handled elsewhere; "Site | Headline" here).
  if (!isHeading && parts.length > 1 && looksLikeName(parts[0]!, parts.slice(1).join(' ')) && declared.length > 1) {
    const others = declared.slice(1).map(normalizeForMatch);
    if (!others.some((o) => o.includes(normalizeForMatch(parts[0]!)))) suffixes.unshift(parts.shift()!);
  }
  // Nothing removed: the text as written ("Name_Site" stays, not "Name - Site").
  if (!suffixes.length) return { head: clean(text), suffixes };
  return { head: parts.join(isHeading ? ' | ' : ' - '), suffixes };
}

function looksLikeName(segment: string, rest: string): boolean {
  const len = cjkCount(segment) ? cjkCount(segment) + segment.replace(/[\p{Script=Han}\s]/gu, '').length / 3 : segment.split(/\s+/).length * 2.5;
  const restLen = cjkCount(rest) ? cjkCount(rest) : rest.split(/\s+/).length * 2.5;
  if (/[。！？!?]$/.test(segment)) return false;
  return len <= TITLE.maxSuffixWeight && restLen >= TITLE.minHeadWeight;
}

/** Suffixes found on the heading plus those of the <title> (site names live there). */
function mergeSuffixes(own: string[], declared: string[], head: string): string[] {
  const out = [...own];
  for (const d of declared) {
    for (const s of stripSuffixes(d, declared, false).suffixes) if (!out.includes(s) && s !== head) out.push(s);
  }
  return out;
}
