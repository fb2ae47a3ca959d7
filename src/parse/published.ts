// The publish date: machine-readable first (JSON-LD, meta, <time>), then the visible date line next
// to the headline (absolute, relative against the crawl time, or year-less), then the URL.

import type { CheerioAPI } from 'cheerio';
import { DATES } from './constants.ts';
import { findDates, findRelative, findYearless, type FoundDate } from './dates.ts';
import { metaValue, type PageMeta } from './meta.ts';
import { formatWallTime, instantToWallTime, parseIsoLike, wallTimeToEpoch, zoneOffset, type WallTime } from './time.ts';
import { clean } from './text.ts';

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

export function extractPublished($: CheerioAPI, ctx: DateContext): string | null {
  const machine = machineDate($, ctx.meta);
  const visible = headerDate(ctx);
  if (machine) {
    // A day-only meta date next to a visible time on the same day: the visible one is more precise.
    if (visible && visible.precision === 'minute' && machine.hour === undefined && sameDay(visible.time, machine)) return format(visible, ctx.zone);
    // A UTC meta time of a site whose zone we do not know: the visible date a day away is the site's own day.
    if (visible && machine.offset === 0 && !ctx.zone && Math.abs(dayNumber(visible.time) - dayNumber(machine)) === 1) return format(visible, ctx.zone);
    return formatWallTime(inZone(machine, ctx.zone), ctx.zone);
  }
  if (visible) return format(visible, ctx.zone);
  const fromUrl = urlDate(ctx.url);
  if (fromUrl) return formatWallTime(fromUrl, ctx.zone);
  const anywhere = labelledDate(ctx) ?? firstPlausibleDate(ctx);
  if (anywhere) return format(anywhere, ctx.zone);
  return null;
}

function sameDay(a: WallTime, b: WallTime): boolean {
  return a.year === b.year && a.month === b.month && a.day === b.day;
}

function dayNumber(t: WallTime): number {
  return Math.floor(Date.UTC(t.year, t.month - 1, t.day) / 864e5);
}

/**
 * Nothing labelled: the first date on the page that is not a copyright line and not after the
 * crawl (or today). Pages that show one date near the top mostly show their own.
 */
function firstPlausibleDate(ctx: DateContext): FoundDate | null {
  const limit = ctx.crawl ? dayNumber(ctx.crawl) : Math.floor(Date.now() / 864e5);
  for (const line of ctx.lines) {
    if (line.length > DATES.maxLabelledLine || DATES.copyrightLine.test(line)) continue;
    const found = findDates(line).find((d) => dayNumber(d.time) <= limit && d.time.year >= DATES.minYear);
    if (found) return found;
  }
  return null;
}

/** Last resort: a date anywhere on the page right after a publish word ("发表于", "发布：", "Posted"), or before "发表". */
function labelledDate(ctx: DateContext): FoundDate | null {
  for (const line of ctx.lines) {
    if (line.length > DATES.maxLabelledLine) continue;
    for (const found of findDates(line)) {
      const before = line.slice(Math.max(0, found.index - 16), found.index);
      const after = line.slice(found.index, found.index + 40);
      if (DATES.publishedWord.test(before) || /^[^。]{6,30}?(发表|發表|发布|發布)/.test(after)) return found;
    }
  }
  return null;
}

/** A UTC time of a site whose zone we know, shown in that zone (gold and readers use the site's clock). */
function inZone(t: WallTime, zone: string | null): WallTime {
  if (!zone || t.offset !== 0 || t.hour === undefined) return t;
  const epoch = wallTimeToEpoch(t, null);
  return instantToWallTime(epoch, zoneOffset(zone, epoch));
}

function format(found: FoundDate, zone: string | null): string {
  const t = found.precision === 'day' ? { year: found.time.year, month: found.time.month, day: found.time.day } : found.time;
  return formatWallTime(t, zone);
}

function machineDate($: CheerioAPI, meta: PageMeta): WallTime | null {
  const fromLd = meta.article?.['datePublished'] ?? meta.article?.['dateCreated'];
  const candidates: (string | null | undefined)[] = [
    typeof fromLd === 'string' ? fromLd : null,
    metaValue(meta, ...DATES.metaKeys),
    $('[itemprop="datePublished"]').first().attr('content') ?? $('[itemprop="datePublished"]').first().attr('datetime'),
    $('time[pubdate]').first().attr('datetime'),
    publishedTimeElement($),
  ];
  for (const value of candidates) {
    if (!value) continue;
    const t = parseIsoLike(value) ?? findDates(value)[0]?.time ?? epochSeconds(value);
    if (t) return t;
  }
  return null;
}

/** The datetime of the first <time> that is not an "updated" time. */
function publishedTimeElement($: CheerioAPI): string | null {
  for (const el of $('time[datetime]').toArray()) {
    const context = clean($(el).parent().text()).slice(0, 60) + ' ' + ($(el).attr('class') ?? '') + ' ' + ($(el).attr('itemprop') ?? '');
    if (/updated|modified|更新/i.test(context) && !/published|发布/i.test(context)) continue;
    return $(el).attr('datetime') ?? null;
  }
  return null;
}

function epochSeconds(value: string): WallTime | null {
  if (!/^\d{10}(\d{3})?$/.test(value)) return null;
  const ms = value.length === 10 ? Number(value) * 1000 : Number(value);
  const d = new Date(ms);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), offset: 0 };
}

/** A date in the lines around the headline (the byline / meta line), skipping "Updated …" dates. */
function headerDate(ctx: DateContext): FoundDate | null {
  const start = Math.max(0, ctx.titleLine);
  const end = ctx.titleLine >= 0 ? Math.min(ctx.lines.length, ctx.titleLine + DATES.headerLines) : Math.min(ctx.lines.length, 40);
  const before = ctx.titleLine > 0 ? ctx.lines.slice(Math.max(0, ctx.titleLine - 3), ctx.titleLine) : [];
  for (const line of [...ctx.lines.slice(start, end), ...before]) {
    const found = datesInLine(line, ctx).find((d) => !DATES.updatedWord.test(line.slice(Math.max(0, d.index - 24), d.index)));
    if (found) return found;
  }
  return null;
}

function datesInLine(line: string, ctx: DateContext): FoundDate[] {
  const found: FoundDate[] = [...findDates(line)];
  if (ctx.crawl) found.push(...findRelative(line, ctx.crawl));
  if (!found.length) {
    const year = urlDate(ctx.url)?.year ?? ctx.crawl?.year;
    if (year) found.push(...findYearless(line, year));
  }
  return found.sort((a, b) => a.index - b.index);
}

/** /2025/08/16/, /20250816/, /2025-08/16/, /2025/0816/ in the address. */
export function urlDate(url: string | null): WallTime | null {
  if (!url) return null;
  const m = /(?<!\d)(20\d{2}|19\d{2})[/_-]?(0[1-9]|1[0-2])[/_-]?(0[1-9]|[12]\d|3[01])(?!\d)/.exec(url.replace(/^https?:\/\/[^/]+/, ''));
  if (!m) return null;
  return { year: +m[1]!, month: +m[2]!, day: +m[3]! };
}
