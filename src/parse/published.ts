// The publish date. A date in the URL, a machine-readable date (JSON-LD, meta, <time>) and the date
// shown on the byline under the headline are weighed against each other; without them, a labelled
// date anywhere, a date line further down, the first plausible date, and last the page's update stamp.

import type { CheerioAPI } from 'cheerio';
import { DATES } from './constants.ts';
import { findDates, findRelative, findYearless, findYearMonth, type DateOptions, type FoundDate, type SlashOrder } from './dates.ts';
import { metaValue, type PageMeta } from './meta.ts';
import { dayNumber, formatWallTime, isValidWallTime, parseEpoch, parseIsoLike, sameDay, utcInZone, wallTimeToEpoch, type WallTime } from './time.ts';
import { clean } from './text.ts';
import { findAll, query } from './select.ts';

export interface DateContext {
  meta: PageMeta;
  /** Text lines of the page, in order, and the index of the headline's line (or -1). */
  lines: string[];
  titleLine: number;
  url: string | null;
  zone: string | null;
  /** Crawl time as wall-clock time in the site's zone, when known. */
  crawl: WallTime | null;
}

/** A machine-readable date; weak ones (a bare `date` meta, the page's first <time>) often date something else. */
interface MachineDate {
  time: WallTime;
  weak: boolean;
}

/** A date near the headline: on a byline or dateline, on a line of a list (related items), or inside running text (an event the article mentions). */
interface HeaderDate {
  found: FoundDate;
  where: 'byline' | 'list' | 'text';
}

export function extractPublished($: CheerioAPI, ctx: DateContext): string | null {
  const options: DateOptions = { slashOrder: slashOrder(ctx) };
  const machine = machineDate($, ctx.meta, options);
  if (machine && !ctx.zone) machine.time = siteClock(machine.time, $, ctx);
  const header = headerDate(ctx, options);
  const visible = header?.where === 'byline' ? header.found : null;
  const fromUrl = urlDate(ctx.url);
  // The address's date is the day the CMS filed the story: it outranks a shown date of another day, and a machine date far from it.
  if (fromUrl && (machine ? Math.abs(dayNumber(fromUrl) - dayNumber(machine.time)) > DATES.maxDaysUrlToMachine : !visible || !sameDay(visible.time, fromUrl))) return formatWallTime(fromUrl, ctx.zone);
  if (machine) return format(machineOrShown(machine, visible, ctx, options), ctx.zone);
  if (visible) return format(visible, ctx.zone);
  const listed = header?.where === 'list' ? header.found : null;
  const inText = header?.where === 'text' ? header.found : null;
  const anywhere = labelledDate(ctx, options) ?? listed ?? dateLineBelow(ctx, options) ?? inText ?? firstPlausibleDate(ctx, options) ?? updatedDate($, ctx, options) ?? issueMonth(ctx);
  return anywhere ? format(anywhere, ctx.zone) : null;
}

/**
 * A machine date and the date shown on the byline. The same day: the more precise one. Another day:
 * the machine's if the header area shows its day too (the shown one is a related item's) or if the
 * shown one is much older (a date the text quotes), else the shown one, which readers and the page's
 * editors see: meta dates are often the first version's, a template's or a bare `date` meta's.
 */
function machineOrShown(machine: MachineDate, shown: FoundDate | null, ctx: DateContext, options: DateOptions): FoundDate {
  const own = machineFound(machine.time, ctx.zone);
  if (!shown) return own;
  if (sameDay(shown.time, own.time)) return shown.precision === 'minute' && own.precision !== 'minute' ? shown : own;
  if (headerShows(ctx, options, [own.time, machine.time])) return own;
  if (!machine.weak && dayNumber(shown.time) < dayNumber(own.time) - DATES.maxDaysShownBeforeMachine) return own;
  return shown;
}

function machineFound(t: WallTime, zone: string | null): FoundDate {
  const time = utcInZone(t, zone);
  return { time, precision: time.hour === undefined ? 'day' : 'minute', index: 0, length: 0, kind: 'absolute' };
}

function format(found: FoundDate, zone: string | null): string {
  // A month-only date ("2001年5月号") is written as ISO 8601 reduced precision, not given a made-up day.
  if (found.precision === 'month') return `${String(found.time.year).padStart(4, '0')}-${String(found.time.month).padStart(2, '0')}`;
  const t = found.precision !== 'minute' ? { year: found.time.year, month: found.time.month, day: found.time.day } : found.time;
  return formatWallTime(t, zone);
}

/** The slash-date order of the site's language: en-US month first, other languages and English elsewhere day first; plain English and CJK unknown. */
function slashOrder(ctx: DateContext): SlashOrder | null {
  const lang = (ctx.meta.htmlLang ?? metaValue(ctx.meta, 'og:locale', 'content-language', 'language') ?? '').toLowerCase().replace('_', '-');
  if (/^en-us\b/.test(lang)) return 'mdy';
  if (/^en-[a-z]{2}\b/.test(lang)) return 'dmy';
  if (/^[a-z]{2}\b/.test(lang) && !/^(en|zh|ja|ko)\b/.test(lang)) return 'dmy';
  return null;
}

function machineDate($: CheerioAPI, meta: PageMeta, options: DateOptions): MachineDate | null {
  const fromLd = meta.article?.['datePublished'] ?? meta.article?.['dateCreated'];
  const itemprop = query($, '[itemprop="datePublished"]').first();
  const candidates: [string | null | undefined, boolean][] = [
    [typeof fromLd === 'string' ? fromLd : null, false],
    [metaValue(meta, ...DATES.metaKeys), false],
    [itemprop.attr('content') ?? itemprop.attr('datetime') ?? itemprop.attr('title'), false],
    [query($, 'time[pubdate]').first().attr('datetime'), true],
    [metaValue(meta, ...DATES.weakMetaKeys), true],
    [publishedTimeElement($), true],
  ];
  for (const [value, weak] of candidates) {
    if (!value) continue;
    const t = parseIsoLike(value) ?? findDates(value, options)[0]?.time ?? parseEpoch(value);
    if (t) return { time: t, weak };
  }
  return null;
}

/** The datetime of the first <time> that is not an "updated" time. */
function publishedTimeElement($: CheerioAPI): string | null {
  for (const el of findAll($.root().get(0)!, 'time[datetime]')) {
    const context = clean($(el).parent().text()).slice(0, 60) + ' ' + ($(el).attr('class') ?? '') + ' ' + ($(el).attr('itemprop') ?? '');
    if (/updated|modified|更新/i.test(context) && !/published|发布/i.test(context)) continue;
    return $(el).attr('datetime') ?? null;
  }
  return null;
}

/**
 * A UTC instant of a site whose zone we do not know, on the site's own clock: as another stamp of
 * the page shows the same instant (another JSON-LD node, a <time>: the same seconds, a whole quarter
 * hour away), else on the URL's day when that is the day before (a site west of UTC, in its evening).
 */
function siteClock(t: WallTime, $: CheerioAPI, ctx: DateContext): WallTime {
  if (t.offset !== 0 || t.hour === undefined) return t;
  const utc = wallTimeToEpoch(t, null);
  for (const stamp of pageStamps($, ctx.meta)) {
    const local = parseIsoLike(stamp);
    if (!local || local.hour === undefined || local.offset === 0) continue;
    const offset = local.offset ?? Math.round((wallTimeToEpoch(local, null) - utc) / 6e4);
    const sameInstant = wallTimeToEpoch({ ...local, offset }, null) === utc;
    const sameSeconds = local.offset !== undefined || (local.second !== undefined && local.second === t.second);
    if (offset !== 0 && offset % 15 === 0 && Math.abs(offset) <= DATES.maxOffsetMinutes && sameInstant && sameSeconds) return { ...local, offset };
  }
  const fromUrl = urlDate(ctx.url);
  if (fromUrl && dayNumber(fromUrl) === dayNumber(t) - 1 && t.hour < DATES.westernDayHours) return fromUrl;
  return t;
}

/** Every machine-readable publish stamp of the page, for a second reading of a UTC one. */
function pageStamps($: CheerioAPI, meta: PageMeta): string[] {
  const out: string[] = [];
  for (const node of meta.jsonLd) for (const key of ['datePublished', 'dateCreated']) if (typeof node[key] === 'string') out.push(node[key] as string);
  query($, 'time[datetime], [itemprop="datePublished"]').each((_, el) => {
    const value = $(el).attr('datetime') ?? $(el).attr('content');
    if (value) out.push(value);
  });
  return out;
}

/**
 * Line indexes of the header area: the lines after the headline's, then a few before it. A headline
 * printed again just below (a hidden or breadcrumb copy first) has its date under the second copy.
 */
function headerLines(ctx: DateContext, before: number): number[] {
  if (ctx.titleLine < 0) return range(0, Math.min(ctx.lines.length, DATES.untitledHeaderLines));
  const again = ctx.lines.indexOf(ctx.lines[ctx.titleLine]!, ctx.titleLine + 1);
  const after = (at: number) => range(at + 1, Math.min(ctx.lines.length, at + DATES.headerLines));
  return [
    ...after(ctx.titleLine),
    ...(again > 0 && again - ctx.titleLine <= DATES.maxTitleRepeatGap ? after(again) : []),
    ...range(Math.max(0, ctx.titleLine - before), ctx.titleLine),
  ];
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}

/**
 * The date of the header area: the first on a short line (a byline, a dateline) that is not an item of
 * a list, else the first on a list line, else the first inside a sentence. Embedded posts' credit
 * lines, "Updated …" and members' dates, and dates after the crawl do not count.
 */
function headerDate(ctx: DateContext, options: DateOptions): HeaderDate | null {
  const limit = lastDay(ctx);
  let weaker: HeaderDate | null = null;
  for (const i of headerLines(ctx, DATES.linesBeforeTitle)) {
    const line = ctx.lines[i]!;
    if (DATES.embedLine.test(line)) continue;
    const found = ownDate(line, datesInLine(line, ctx, options), limit);
    if (!found) continue;
    const short = line.length <= DATES.maxMetaLine || found.index === 0;
    if (short && !inList(ctx, i, found, options)) return { found, where: 'byline' };
    if (!weaker || (short && weaker.where === 'text')) weaker = { found, where: short ? 'list' : 'text' };
  }
  return weaker;
}

/** The first date of a line that may be the page's own: not after the limit, not before DATES.minYear, not an update's or a forum member's. */
function ownDate(line: string, dates: FoundDate[], limit: number): FoundDate | undefined {
  return dates.find((d) => {
    const before = line.slice(Math.max(0, d.index - 24), d.index);
    return dayNumber(d.time) <= limit && d.time.year >= DATES.minYear && !DATES.updatedWord.test(before) && !DATES.memberWord.test(before);
  });
}

/** A short date line with other short lines of other dates around it is an item of a list. */
function inList(ctx: DateContext, at: number, found: FoundDate, options: DateOptions): boolean {
  let others = 0;
  for (let i = Math.max(0, at - DATES.listReach); i <= Math.min(ctx.lines.length - 1, at + DATES.listReach); i++) {
    const line = ctx.lines[i]!;
    if (i === at || line.length > DATES.maxMetaLine) continue;
    if (findDates(line, options).some((d) => !sameDay(d.time, found.time))) others++;
  }
  return others >= DATES.minListNeighbours;
}

/** Does the header area show one of these days anywhere (either reading of an ambiguous slash date counts)? */
function headerShows(ctx: DateContext, options: DateOptions, days: WallTime[]): boolean {
  for (const i of headerLines(ctx, DATES.headerLines)) {
    for (const d of findDates(ctx.lines[i]!, options)) {
      if (days.some((t) => sameDay(d.time, t) || (d.swapped && sameDay(d.swapped, t)))) return true;
    }
  }
  return false;
}

function datesInLine(line: string, ctx: DateContext, options: DateOptions): FoundDate[] {
  const found: FoundDate[] = [...findDates(line, options)];
  if (ctx.crawl) found.push(...findRelative(line, ctx.crawl));
  if (!found.length) {
    const year = urlDate(ctx.url)?.year ?? ctx.crawl?.year;
    if (year) found.push(...findYearless(line, year));
  }
  return found.sort((a, b) => a.index - b.index);
}

/** The last day a publish date can fall on: the crawl's (or today's), plus one for zones ahead of it. */
function lastDay(ctx: DateContext): number {
  return (ctx.crawl ? dayNumber(ctx.crawl) : Math.floor(Date.now() / 864e5)) + 1;
}

/** A date anywhere on the page right after a publish word ("发表于", "Posted"), or followed by one ("…在论坛发表", "… von Jana geschrieben"). */
function labelledDate(ctx: DateContext, options: DateOptions): FoundDate | null {
  for (const line of ctx.lines) {
    if (line.length > DATES.maxLabelledLine) continue;
    for (const found of findDates(line, options)) {
      const before = line.slice(Math.max(0, found.index - 16), found.index);
      const after = line.slice(found.index + found.length, found.index + found.length + 50);
      if (DATES.publishedWord.test(before) || DATES.publishedAfter.test(after)) return found;
    }
  }
  return null;
}

/** Below the header area: the first short line with a date of its own (a byline printed under the article), not a list item. */
function dateLineBelow(ctx: DateContext, options: DateOptions): FoundDate | null {
  if (ctx.titleLine < 0) return null;
  const limit = lastDay(ctx);
  for (let i = ctx.titleLine + DATES.headerLines; i < ctx.lines.length; i++) {
    const line = ctx.lines[i]!;
    if (line.length > DATES.maxMetaLine || DATES.copyrightLine.test(line) || DATES.embedLine.test(line)) continue;
    const found = ownDate(line, findDates(line, options), limit);
    if (found && !inList(ctx, i, found, options)) return found;
  }
  return null;
}

/**
 * The first date on the page that is not on a copyright line, preferring one that is not an item of
 * a list. Pages that show one date near the top mostly show their own.
 */
function firstPlausibleDate(ctx: DateContext, options: DateOptions): FoundDate | null {
  const limit = lastDay(ctx) - 1;
  let listed: FoundDate | null = null;
  for (const [i, line] of ctx.lines.entries()) {
    if (line.length > DATES.maxLabelledLine || DATES.copyrightLine.test(line)) continue;
    const found = ownDate(line, findDates(line, options), limit);
    if (!found) continue;
    if (!inList(ctx, i, found, options)) return found;
    listed ??= found;
  }
  return listed;
}

/**
 * Nothing else: the last-modified date, or a full date on an "Updated …" or copyright line ("©
 * 19.12.2019 12:14", the page's own stamp). A page showing only these was published by then, most
 * often on that day.
 */
function updatedDate($: CheerioAPI, ctx: DateContext, options: DateOptions): FoundDate | null {
  const ld = ctx.meta.article?.['dateModified'];
  const itemprop = query($, '[itemprop="dateModified"]').first();
  for (const value of [typeof ld === 'string' ? ld : null, metaValue(ctx.meta, ...DATES.modifiedMetaKeys), itemprop.attr('content') ?? itemprop.attr('datetime')]) {
    const t = value ? parseIsoLike(value) ?? findDates(value, options)[0]?.time : null;
    if (t) return machineFound(t, ctx.zone);
  }
  const limit = lastDay(ctx);
  for (const line of ctx.lines) {
    if (line.length > DATES.maxMetaLine || !DATES.copyrightLine.test(line)) continue;
    const found = findDates(line, options).find((d) => dayNumber(d.time) <= limit);
    if (found) return found;
  }
  return null;
}

/** No day anywhere: the month of a short line ("——《东岸文摘》2001年5月号", an issue's date), written YYYY-MM. */
function issueMonth(ctx: DateContext): FoundDate | null {
  for (const line of ctx.lines) {
    if (line.length > DATES.maxIssueLine || DATES.copyrightLine.test(line)) continue;
    const found = findYearMonth(line)[0];
    if (found) return found;
  }
  return null;
}

/** /2025/08/16/, /20250816/, /2025-08/16/, /2025/0816/, /2017/7/12/, /16-08-2025 in the address. */
export function urlDate(url: string | null): WallTime | null {
  if (!url) return null;
  const path = url.replace(/^https?:\/\/[^/]+/, '');
  const m = /(?<!\d)(20\d{2}|19\d{2})[/_-]?(0[1-9]|1[0-2])[/_-]?(0[1-9]|[12]\d|3[01])(?!\d)/.exec(path) ?? /\/(20\d{2}|19\d{2})\/([1-9]|1[0-2])\/([1-9]|[12]\d|3[01])\//.exec(path);
  // Digits that only look like a date ("/2020/1131.html": November 31st) are no date.
  const valid = (t: WallTime): WallTime | null => (isValidWallTime(t) ? t : null);
  if (m) return valid({ year: +m[1]!, month: +m[2]!, day: +m[3]! });
  const dmy = /\/(0[1-9]|[12]\d|3[01])-(0[1-9]|1[0-2])-(20\d{2})(?![\d-])/.exec(path);
  return dmy ? valid({ year: +dmy[3]!, month: +dmy[2]!, day: +dmy[1]! }) : null;
}
