// Authors: JSON-LD, meta, rel=author and microdata first, then the visible byline near the headline
// ("记者 | 宋佳楠", "文/张三", "作者：", "本报讯（记者 孙婧）", "By A and B"), a forum post's "本贴由X于…发表",
// then credits closing the article. Names only: no role words, no editors, photographers, desks or numeric ids.

import type { CheerioAPI } from 'cheerio';
import { AUTHORS } from './constants.ts';
import { jsonLdStrings, jsonLdTypes, metaValues, type PageMeta } from './meta.ts';
import { clean, textContent } from './text.ts';
import { looksLikeHanName } from './surnames.ts';
import { findAll, query } from './select.ts';

/** A user name may join two words with "&" ("放飞&心情"); splitNames parts it only where both sides read as names. */
const HAN_NAME = `[\\p{Script=Han}·•]{2,${AUTHORS.maxHanName}}(?:&[\\p{Script=Han}]{1,${AUTHORS.maxHanName}})?`;
const HAN_NAMES = `(${HAN_NAME}(?:[\\s、，,和与及]+${HAN_NAME})*)`;
/** Words that end a byline name: dates, weekdays and labels that follow it on the same line. */
const NOT_NAME = '(?!(?:Mon|Monday|Tue|Tues|Tuesday|Wed|Wednesday|Thu|Thur|Thurs|Thursday|Fri|Friday|Sat|Saturday|Sun|Sunday|Jan|January|Feb|February|Mar|March|Apr|April|Jun|June|Jul|July|Aug|August|Sep|Sept|September|Oct|October|Nov|November|Dec|December|Updated|Published|First|Last|Posted|Photo|Photos|Video|Read|Share|Follow)\\b)';
/** A capitalised name word; a capital inside it only after Mc/Mac/O' (so "ReidFirst" stops at "Reid"). */
const LATIN_WORD = `${NOT_NAME}\\p{Lu}(?:[\\p{Ll}'’.-]|(?<=Mc|Mac|O'|O’|-)\\p{Lu})+`;
/** Particles ("van der", "de la") only before a further name word: "Matthieu Hy le 12 mars" ends at "Hy". */
const LATIN_NAME = `${LATIN_WORD}(?:\\s+(?:(?:de|van|von|der|da|di|le|la|bin|al)\\s+)*${LATIN_WORD})*`;
/** "记者 | 宋佳楠", "本报记者 张三 李四", "（记者 孙婧）", "实习生 刘国栋": a separator between the role and the names. */
const ROLE_NAMES = new RegExp(`(?:记者|記者|通讯员|通訊員|实习生|實習生)(?:\\s*[|｜:：/]\\s*|\\s+)${HAN_NAMES}`, 'u');

/** The names of further role groups on a byline line, after the first one. */
function otherRoleGroups(line: string, from: number): string[] {
  const rest = new RegExp(ROLE_NAMES.source, 'gu');
  rest.lastIndex = from;
  const names: string[] = [];
  for (let m = rest.exec(line); m; m = rest.exec(line)) {
    names.push(...splitNames(stripRoles(m[1]!)).filter(looksLikeHanName));
  }
  return names;
}

/** "新华社记者张三报道", "商报记者马俊峰/文": no separator, so the capture must read as a Chinese name. */
const NO_SEPARATOR = new RegExp(`(?:记者|記者)(${HAN_NAME})(?=[\\s、，,）)/／]|报道|報道|發自|发自|摄|$)`, 'u');
/** A forum or blog post's own line: "本贴由 X 于2005年8月12日…发表", "由X张贴 @ 2005-03-21" (Chinese "Posted by X on"). */
const POSTED_BY = /^(?:(?:本贴|本帖|此贴|此帖)由\s*(\S{1,20}?)\s*(?:于|於)\s*\d{4}|由\s*(\S{1,20}?)\s*张贴\s*@?\s*\d{4})/u;
/** What follows the reporter's name on a dateline line. */
const DATELINE = /^(?:发自|發自|报道|報道)/u;
const BYLINE_PATTERNS: RegExp[] = [
  // "记者 | 宋佳楠", "本报记者 张三 李四", "（记者 孙婧）": a separator between the role and the names.
  ROLE_NAMES,
  // "新华社记者张三报道", "商报记者马俊峰/文": no separator, so the name must end at a boundary.
  NO_SEPARATOR,
  new RegExp(`(?:作者|撰文|执笔人?)\\s*[:：|｜/]\\s*${HAN_NAMES}`, 'u'),
  POSTED_BY,
  new RegExp(`(?:^|\\s)(?:Author|Autor|Autorin|Auteur|Autore|Text|Texto)\\s*:\\s*(${LATIN_NAME}(?:\\s*(?:,|and|und|&)\\s*${LATIN_NAME})*)`, 'u'),
  new RegExp(`(?:^|[\\s（(【])文\\s*[/|｜:：]\\s*${HAN_NAMES}`, 'u'),
  new RegExp(`(?:^|[\\s（(【])文・写真\\s*${HAN_NAMES}`, 'u'),
  // "By A and B", "Von A und B", "Par A et B"; lower-case "von"/"by" only right after a date ("12. Oktober 2024 von A").
  new RegExp(`(?:(?:^|\\s|·|\\|)(?:By|Von|Par|Por|Door|Di|Posted by|Written by|Verfasst von|Geschrieben von|Ein Beitrag von|Écrit par|Escrito por|Scritto da)|\\d{4}\\s+(?:by|von|par|por|door|di))\\s+(${LATIN_NAME}(?:\\s*(?:,|and|und|et|y|en|e|&)\\s*${LATIN_NAME})*)`, 'u'),
];

export function extractAuthors($: CheerioAPI, meta: PageMeta, header: string[], body: string[], page: string[], site: string | null): string[] {
  const isName = (name: string) => isPersonName(name, site);
  const ld = meta.article?.['author'];
  if (ld) {
    const people = (Array.isArray(ld) ? ld : [ld]).filter((a) => !(a && typeof a === 'object' && jsonLdTypes(a as Record<string, unknown>).includes('Organization')));
    const names = people.flatMap(jsonLdStrings).flatMap(splitNames).filter(isName);
    if (names.length) return unique(names);
  }
  const microdata = findAll($.root().get(0)!, '[itemprop="author"]').map((el) => clean($(findAll(el, '[itemprop="name"]')).first().text() || $(el).attr('content') || textContent(el)));
  const fromMicrodata = microdata.flatMap(splitNames).filter(isName);
  if (fromMicrodata.length) return unique(fromMicrodata);

  // Bylines are short lines: "告诉记者：被称之为…" in a paragraph under the headline is prose.
  const fromByline = bylineNames(header.map((line) => (isProse(line) ? creditsOf(line) : line))).filter(isName);
  if (fromByline.length) return unique(fromByline);
  const bare = bareNameLine(header).filter(isName);
  if (bare.length) return bare;

  const fromMeta = [...metaValues(meta, 'author'), ...metaValues(meta, 'article:author'), ...metaValues(meta, 'dc.creator'), ...metaValues(meta, 'byl')]
    .filter((v) => !/^https?:/.test(v))
    .flatMap(splitNames)
    .filter(isName);
  if (fromMeta.length) return unique(fromMeta);
  const rel = query($, 'a[rel="author"], .author a, .byline a, .author .fn, [class*="author-name"], [class*="author_name"], [class*="authorname"], [class*="byline-name"], .byline__name, [itemprop="author"] [itemprop="name"]')
    .toArray()
    .map((el) => trimLabel(clean(textContent(el))))
    .filter(isName);
  if (rel.length) return unique(rel).slice(0, 4);
  // Last: a byline anywhere, the end of the article first ("（记者 胡晓蓉）", "（袁源）").
  const tail = [...body].reverse().map((line) => (line.length > AUTHORS.maxBylineLineLength ? creditsOf(line) : line));
  const fromTail = [...bylineNames(tail), ...trailingNames(tail)].filter(isName);
  if (fromTail.length) return unique(fromTail);
  // Then a labelled Chinese byline ("作者：宋怡 杨志华") anywhere on the page, in short lines only.
  const labelled = bylineNames(page.filter((line) => line.length <= AUTHORS.maxBylineLineLength && LABELLED_HAN_BYLINE.test(line))).filter(isName);
  return unique(labelled);
}

/** A long line, or a longer-than-byline one holding a Chinese sentence end, is a paragraph, not a byline line. */
function isProse(line: string): boolean {
  return line.length > AUTHORS.maxHeaderBylineLength || (line.length > AUTHORS.maxBylineLineLength && /[。！？]/u.test(line));
}

/** Role labels specific enough to trust far from the headline. */
const LABELLED_HAN_BYLINE = new RegExp(`(作者|执笔人?|撰文|记者|記者)\\s*[:：|｜]|[（(]\\S{0,6}(记者|記者)\\s+\\p{Script=Han}{2,4}\\s*[)）]|${POSTED_BY.source}`, 'u');

/**
 * A name standing alone right under the headline ("胡平"), or bracketed after the time stamp
 * ("2004年7月16日08:19 [ 黄宇 ]"): Chinese names only, checked against common family names.
 */
function bareNameLine(header: string[]): string[] {
  for (const line of header.slice(1, 1 + AUTHORS.bareNameLines)) {
    const bracketed = /\d{1,2}:\d{2}\s*[\[【]\s*(\p{Script=Han}{2,4})\s*[\]】]/u.exec(line)?.[1];
    if (bracketed && looksLikeHanName(bracketed)) return [bracketed];
    const names = line.split(/\s+|、/).filter(Boolean);
    if (names.length <= 3 && names.every(looksLikeHanName)) return names;
  }
  return [];
}

/**
 * A paragraph offers only the bracketed credits that open it ("本报讯（记者 孙婧）记者日前…") or close it
 * ("……作出贡献。（总台记者 张倩）"); its prose is no byline.
 */
function creditsOf(paragraph: string): string {
  const opening = OPENING_CREDIT.exec(paragraph)?.[0] ?? '';
  const closing = CLOSING_CREDIT.exec(paragraph)?.[0] ?? '';
  return opening && closing ? `${opening} ${closing}` : opening || closing;
}
const CREDIT = `[（(][^（()）]{2,${AUTHORS.maxCredit}}[)）]`;
const OPENING_CREDIT = new RegExp(`^[^（(。！？]{0,${AUTHORS.maxCreditLead}}${CREDIT}`, 'u');
const CLOSING_CREDIT = new RegExp(`${CREDIT}\\s*$`, 'u');

/** "（常书香 马丹阳）", "（姚峰 上海报道）" closing an article: names only if they read as Chinese names. */
function trailingNames(lines: string[]): string[] {
  for (const line of lines.slice(0, AUTHORS.tailLines)) {
    const m = /[（(]\s*((?:\p{Script=Han}{2,4}\s*)+?)\s*(?:\p{Script=Han}{2,3}报道)?\s*[)）]\s*$/u.exec(line);
    if (!m) continue;
    const names = m[1]!.trim().split(/\s+/);
    if (names.every(looksLikeHanName)) return names;
  }
  return [];
}

/** Names in the first byline-looking line among the header lines. */
export function bylineNames(lines: string[]): string[] {
  for (const [i, line] of lines.entries()) {
    if (line.length > 200) continue;
    for (const re of BYLINE_PATTERNS) {
      const m = re.exec(line);
      if (!m) continue;
      const names = splitNames(stripRoles((m[1] ?? m[2])!));
      // A dateline ("本报记者罗科苏盈发自北京") vouches for a name of any family; otherwise it must read as a Chinese name.
      const dateline = DATELINE.test(line.slice(m.index + m[0].length)) && names.length === 1 && [...names[0]!].length <= 4;
      if (re === NO_SEPARATOR && !dateline && !names.every(looksLikeHanName)) continue;
      // "记者江湖" alone is a board or section name: a byline without a separator has a paper before it or 报道/发自 after it.
      if (re === NO_SEPARATOR && m[0] === line.trim()) continue;
      // "记者：黎敏 周卓 城市": after the first name, a word that is not a name ends the list.
      const end = names.findIndex((n, i) => i > 0 && /\p{Script=Han}/u.test(n) && !looksLikeHanName(n));
      if (!names.length) continue;
      const first = end > 0 ? names.slice(0, end) : names;
      // "本报实习生 刘国栋 周炜 本报记者 王燕平 方云凤": every role group on the line.
      if (re !== ROLE_NAMES) return first;
      // A list that runs on past a non-name ("本报记者" of a second group) keeps the names after it.
      const later = end > 0 ? names.slice(end).filter(looksLikeHanName) : [];
      // The next line may carry the next group ("本报实习生 A B" / "本报记者 C D").
      const next = lines[i + 1] && lines[i + 1]!.length <= AUTHORS.maxBylineLineLength ? otherRoleGroups(lines[i + 1]!, 0) : [];
      return unique([...first, ...later, ...otherRoleGroups(line, m.index + m[0].length), ...next]);
    }
  }
  return [];
}

function stripRoles(text: string): string {
  // Stop at the next label ("编辑：", "来源：", "图/", a date) or a role phrase.
  return text
    .split(/(?:(?<!\s)|(?!\s))\s*(?:编辑|編輯|责编|来源|來源|摄影|攝影|图|圖|实习生|通讯员|发布|\d{4}[-年/])\s*[:：/|｜]?/u)[0]!
    .replace(AUTHORS.roleWords, '')
    .trim();
}

/** "Von Patrick Czerny -", "By James Whittaker -" in an author element: the label before and the dash after are no part of the name. */
function trimLabel(text: string): string {
  return text.replace(/^(?:By|Von|Par|Por|Door)\s+(?=\p{Lu})/u, '').replace(/(?:(?<!\s)|(?!\s))\s+[-–—|]$/u, '');
}

function splitNames(text: string): string[] {
  return trimLabel(text)
    .replace(/^\s*(By|作者|记者)\s*[:：]?\s*/i, '')
    .split(/(?:(?<!\s)|(?!\s))(?:\s*(?:,|，|、|;|；|\b(?:and|und|et|y|en)\b|(?<!\p{Script=Han})&|&(?!\p{Script=Han})|和|与|及|\|)\s*|\s+(?=[\p{Script=Han}]{2,4}(?:\s|$)))/u)
    .flatMap(splitHanAmpersand)
    .map((n) => clean(n.replace(AUTHORS.roleWords, '')))
    .filter(Boolean);
}

/** "张三&李四" are two names; "放飞&心情" is one user name. */
function splitHanAmpersand(name: string): string[] {
  const parts = name.split('&');
  return parts.length > 1 && parts.every(looksLikeHanName) ? parts : [name];
}

/** Labels that stand where a name would when a byline field is empty ("作者：　浏览次数：…"). */
const LABEL_WORDS = /浏览|次数|来源|來源|编辑|編輯|时间|時間|日期|发布|發布|阅读|點擊|点击|字号|打印|分享|评论|收藏|关闭/;

function isPersonName(name: string, site: string | null): boolean {
  if (!name || LABEL_WORDS.test(name) || AUTHORS.generic.test(name) || /^\d+$/.test(name) || /[@/:]/.test(name)) return false;
  if (site && (name === site || site.includes(name))) return false;
  if (/\p{Script=Han}/u.test(name)) return [...name].length <= AUTHORS.maxHanName + 1 && !AUTHORS.hanOrganisation.test(name);
  if (!/^[\p{L}][\p{L}'’. -]*$/u.test(name)) return false;
  const words = name.split(/\s+/);
  return words.length <= AUTHORS.maxLatinWords && /^\p{Lu}/u.test(name) && !/news|media|press|agency|desk|staff|team|editorial/i.test(name);
}

function unique(names: string[]): string[] {
  return [...new Set(names)];
}
