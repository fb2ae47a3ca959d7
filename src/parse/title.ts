// The headline: the displayed one (h1, or the element that plays its part), matched against
// <title>, og:title and JSON-LD headline, with site/channel/source suffixes removed.

import type { CheerioAPI } from 'cheerio';
import type { Element } from 'domhandler';
import { metaValue, type PageMeta } from './meta.ts';
import { clean, classAndId, cjkCount } from './text.ts';
import { TITLE } from './constants.ts';

export interface TitleResult {
  title: string | null;
  /** The element showing the headline, when one was found. */
  element: Element | null;
  /** Suffix segments removed from the title (site, channel, re-post source). */
  suffixes: string[];
}

/** Separators a site puts between headline and its name: "|", "｜", "_", " - ", " – ", " — ", " :: ". */
const SUFFIX_SPLIT = /\s*[|｜]\s*|\s*_\s*|\s+[-–—]\s+|\s+::\s+|\s*--\s*|(?<=[\p{Script=Han}）」”！？。])[-—](?=[\p{Script=Han}])/u;

export function extractTitle($: CheerioAPI, meta: PageMeta): TitleResult {
  const declared = [meta.docTitle, metaValue(meta, 'og:title', 'twitter:title'), stringOf(meta.article?.['headline'])]
    .map((t) => clean(t))
    .filter((t) => t.length > 0);

  let best: { el: Element; text: string; score: number } | null = null;
  $(TITLE.candidateSelector).each((index, el) => {
    if (index > TITLE.maxCandidates) return false;
    if ($(el).closest('a').length && el.name !== 'h1') return;
    const text = clean($(el).text());
    if (text.length < 4 || text.length > TITLE.maxLength) return;
    const score = candidateScore(el, text, declared);
    if (score > 0 && (!best || score > best.score)) best = { el, text, score };
  });

  const chosen = best as { el: Element; text: string; score: number } | null;
  if (chosen) {
    const { head, suffixes } = stripSuffixes(chosen.text, declared, true);
    return { title: withoutKicker(head, declared), element: chosen.el, suffixes: mergeSuffixes(suffixes, declared, head) };
  }
  const fallback = declared[1] ?? declared[2] ?? declared[0];
  if (!fallback) return { title: null, element: null, suffixes: [] };
  const { head, suffixes } = stripSuffixes(fallback, declared, false);
  return { title: head || fallback, element: null, suffixes: mergeSuffixes(suffixes, declared, head) };
}

/**
 * "Grenzschließungen Deutschland, Frankreich und …": a kicker (topic line) printed inside the h1.
 * When og:title or the JSON-LD headline is the heading's text minus a short lead, that is the headline.
 */
function withoutKicker(heading: string, declared: string[]): string {
  for (const d of declared.slice(1)) {
    const candidate = stripSuffixes(d, declared, false).head;
    if (candidate.length < TITLE.minMatchChars || candidate === heading || !heading.endsWith(candidate)) continue;
    const lead = heading.slice(0, heading.length - candidate.length).trim();
    if (lead && lead.length <= heading.length * TITLE.maxKickerShare) return candidate;
  }
  return heading;
}

function stringOf(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** How well an element's text fits the headline the page declares in its metadata. */
function candidateScore(el: Element, text: string, declared: string[]): number {
  let score = 0;
  const norm = normalizeForMatch(text);
  for (const d of declared) {
    const dn = normalizeForMatch(d);
    if (!dn || !norm) continue;
    // How much of the declared title this text covers: a blog's h1 holding only the site name
    // ("Krimiblog-Archiv") is inside "<post title> | Krimiblog-Archiv" but covers little of it.
    const coverage = Math.min(1, norm.length / dn.length);
    if (dn === norm) score += 10;
    else if (norm.length < TITLE.minMatchChars) score += 0;
    else if (dn.startsWith(norm)) score += 4 + 6 * coverage;
    else if (dn.includes(norm)) score += 2 + 6 * coverage;
    else if (norm.startsWith(dn) || norm.includes(dn)) score += 6;
    else score += overlap(norm, dn) * 5;
  }
  if (el.name === 'h1') score += 3;
  else if (/^h[2-3]$/.test(el.name)) score += 1;
  if (/title|headline|bt\b|biaoti/.test(classAndId(el))) score += 2;
  if (!declared.length && el.name === 'h1') score += 5;
  return score >= TITLE.minScore ? score : 0;
}

function normalizeForMatch(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, '');
}

/** Share of a's characters that appear in b (cheap similarity for CJK and Latin alike). */
function overlap(a: string, b: string): number {
  if (!a.length) return 0;
  const chars = new Set(b);
  let hit = 0;
  for (const ch of a) if (chars.has(ch)) hit++;
  const ratio = hit / a.length;
  return ratio > 0.8 ? ratio : 0;
}

/**
 * Split "headline|source · channel - site" into the headline and suffix segments. Trailing segments
 * go while they look like names (short, no sentence punctuation) and the headline stays long enough.
 * An h1 is only split at "|", "｜" and "_" (headlines use dashes themselves).
 */
export function stripSuffixes(text: string, declared: string[], isHeading: boolean): { head: string; suffixes: string[] } {
  const splitter = isHeading ? /\s*[|｜]\s*|_(?=[^_]{2,20}$)/ : SUFFIX_SPLIT;
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
