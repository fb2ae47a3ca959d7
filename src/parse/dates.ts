// Date expressions in page text: absolute (Chinese, ISO-like, month names in many languages,
// European dd.mm.yy(yy), slash dates in either order), year-less, month-only, and relative
// ("4天前", "昨天 15:30", "2 hours ago") against the crawl time.

import { instantToWallTime, isValidWallTime, offsetForWallTime, parseOffset, type WallTime } from './time.ts';

export interface FoundDate {
  time: WallTime;
  /** Relative dates know only the day (except "昨天 08:15", which names a clock time); an issue's date only the month. */
  precision: 'month' | 'day' | 'minute';
  /** Where in the text it was found, and how long its text is. */
  index: number;
  length: number;
  /** The other reading of a slash date whose order the numbers do not settle (05/07/2025). */
  swapped?: WallTime;
  kind: 'absolute' | 'yearless' | 'relative';
}

/** How to read an all-numeric 05/07/2025: day first (most of the world) or month first (the US). */
export type SlashOrder = 'dmy' | 'mdy';

export interface DateOptions {
  /** The site's order for slash dates; unknown: a 12-hour clock ("7/5/2005 9:23:57 PM", .NET's en-US default) reads month first, else day first. */
  slashOrder?: SlashOrder | null;
}

/** Month names in the languages of the pages we meet (English, German, French, Spanish, Italian, Portuguese, Dutch, Scandinavian, Indonesian, Turkish, Polish, Russian, Ukrainian, Arabic with its Levantine names). */
const MONTH_WORDS: [number, string[]][] = [
  [1, ['january', 'jan', 'januar', 'jänner', 'janvier', 'janv', 'enero', 'ene', 'gennaio', 'gen', 'janeiro', 'januari', 'ocak', 'stycznia', 'января', 'январь', 'янв', 'січня', 'يناير', 'كانون الثاني']],
  [2, ['february', 'feb', 'februar', 'février', 'fevrier', 'févr', 'febrero', 'febbraio', 'fevereiro', 'fev', 'februari', 'şubat', 'lutego', 'февраля', 'февраль', 'фев', 'лютого', 'فبراير', 'شباط']],
  [3, ['march', 'mar', 'märz', 'maerz', 'mär', 'mrz', 'mars', 'marzo', 'março', 'marco', 'maart', 'mrt', 'marts', 'maret', 'mart', 'marca', 'марта', 'март', 'мар', 'березня', 'مارس', 'آذار']],
  [4, ['april', 'apr', 'avril', 'avr', 'abril', 'abr', 'aprile', 'nisan', 'kwietnia', 'апреля', 'апрель', 'апр', 'квітня', 'أبريل', 'إبريل', 'نيسان']],
  [5, ['may', 'mai', 'mayo', 'maggio', 'mag', 'maio', 'mei', 'maj', 'mayıs', 'maja', 'мая', 'май', 'травня', 'مايو', 'أيار']],
  [6, ['june', 'jun', 'juni', 'juin', 'junio', 'giugno', 'giu', 'junho', 'haziran', 'czerwca', 'июня', 'июнь', 'июн', 'червня', 'يونيو', 'حزيران']],
  [7, ['july', 'jul', 'juli', 'juillet', 'juil', 'julio', 'luglio', 'lug', 'julho', 'temmuz', 'lipca', 'июля', 'июль', 'июл', 'липня', 'يوليو', 'تموز']],
  [8, ['august', 'aug', 'août', 'aout', 'agosto', 'ago', 'augustus', 'augusti', 'agustus', 'ağustos', 'sierpnia', 'августа', 'август', 'авг', 'серпня', 'أغسطس', 'آب']],
  [9, ['september', 'sep', 'sept', 'septembre', 'septiembre', 'setiembre', 'settembre', 'set', 'setembro', 'eylül', 'września', 'сентября', 'сентябрь', 'сен', 'вересня', 'سبتمبر', 'أيلول']],
  [10, ['october', 'oct', 'oktober', 'okt', 'octobre', 'octubre', 'ottobre', 'ott', 'outubro', 'out', 'ekim', 'października', 'октября', 'октябрь', 'окт', 'жовтня', 'أكتوبر', 'تشرين الأول']],
  [11, ['november', 'nov', 'novembre', 'noviembre', 'novembro', 'kasım', 'listopada', 'ноября', 'ноябрь', 'ноя', 'листопада', 'نوفمبر', 'تشرين الثاني']],
  [12, ['december', 'dec', 'dezember', 'dez', 'décembre', 'decembre', 'déc', 'diciembre', 'dic', 'dicembre', 'dezembro', 'desember', 'aralık', 'grudnia', 'декабря', 'декабрь', 'дек', 'грудня', 'ديسمبر', 'كانون الأول']],
];
const MONTH_NAMES = new Map<string, number>(MONTH_WORDS.flatMap(([n, words]) => words.map((w) => [w, n] as [string, number])));
const MONTH_RE = `(${[...MONTH_NAMES.keys()].sort((a, b) => b.length - a.length).join('|')})\\.?`;
/** A clock after a date: "09:30", ", 6:45 pm", " - 13:30", " um 21:17", " à 15h14", " 11:00 a. m.". */
const CLOCK = '(?:[T\\s,，|·\\-–—]*(?:(?:at|um|à|a las|às|alle|om|kl\\.?|@)\\s*)?(\\d{1,2})[:：时時h](\\d{2})(?:[:：分](\\d{2}))?(?:秒|分)?(?:\\s*(a\\.\\s?m\\.?|p\\.\\s?m\\.?|am|pm|صباحاً|صباحا|مساءً|مساء)(?![a-z]))?)?';
const ZONE = '(?:\\s*(Z|[+-]\\d{2}:?\\d{2}|GMT[+-]\\d{1,2}|UTC[+-]?\\d{0,2}|BST|GMT|UTC|EDT|EST|CDT|CST|PDT|PST|AEST|AEDT|JST|KST|CET|CEST))?';
const WEEKDAY_ZH = '(?:\\s*[（(]?(?:星期|周|週)[一二三四五六日天][)）]?)?';

const PATTERNS: { re: RegExp; read: (m: RegExpExecArray, options: DateOptions) => WallTime | null; swap?: (m: RegExpExecArray, t: WallTime) => WallTime | undefined }[] = [
  { // 2025年08月16日 09:30
    re: new RegExp(`(?<!\\d)(20\\d{2}|19\\d{2})\\s*年\\s*(\\d{1,2})\\s*月\\s*(\\d{1,2})(?!\\d)\\s*[日号號]?${WEEKDAY_ZH}${CLOCK}${ZONE}`, 'gi'),
    read: (m) => withClock({ year: +m[1]!, month: +m[2]!, day: +m[3]! }, m, 4),
  },
  { // 2025-08-16 09:30:05 / 2025/8/16 / 2025.08.16 / 2019. 6. 24. (one separator throughout)
    re: new RegExp(`(?<!\\d)(20\\d{2}|19\\d{2})(-|/|\\.\\s?)(\\d{1,2})\\2(\\d{1,2})(?!\\d)\\s*[日号號]?${WEEKDAY_ZH}${CLOCK}${ZONE}`, 'gi'),
    read: (m) => withClock({ year: +m[1]!, month: +m[3]!, day: +m[4]! }, m, 5),
  },
  { // Aug 16, 2025 / August 16 2025 6:45 pm
    re: new RegExp(`(?<![\\p{L}])${MONTH_RE}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})${CLOCK}${ZONE}`, 'giu'),
    read: (m) => withClock({ year: +m[3]!, month: monthOf(m[1]!), day: +m[2]! }, m, 4),
  },
  { // 14 October 2025, 6:45 pm BST / 16. Oktober 2019 / 16 de octubre de 2019 / 15 августа 2016 / 24 نيسان / أبريل 2020
    re: new RegExp(`(?<!\\d)(\\d{1,2})(?:st|nd|rd|th|\\.|er|º)?\\s+(?:de\\s+)?${MONTH_RE}(?![\\p{L}])(?:\\s*/\\s*\\p{L}+)?,?\\s+(?:de\\s+)?(\\d{4})${CLOCK}${ZONE}`, 'giu'),
    read: (m) => withClock({ year: +m[3]!, month: monthOf(m[2]!), day: +m[1]! }, m, 4),
  },
  { // 16.08.2025 / 4. 2. 2022 (European)
    re: new RegExp(`(?<![\\d.])(\\d{1,2})\\.\\s?(\\d{1,2})\\.\\s?(20\\d{2}|19\\d{2})(?!\\d|\\.\\d)${CLOCK}`, 'gi'),
    read: (m) => withClock({ year: +m[3]!, month: +m[2]!, day: +m[1]! }, m, 4),
  },
  { // 31.10.23 (European, two-digit year: day and month padded, so version numbers like 2.4.10 stay out)
    re: new RegExp(`(?<![\\d.])(\\d{1,2})\\.(\\d{2})\\.(\\d{2})(?!\\d|\\.\\d)${CLOCK}`, 'gi'),
    read: (m) => withClock({ year: fullYear(+m[3]!), month: +m[2]!, day: +m[1]! }, m, 4),
  },
  { // 17/02/2022, 3/5/2022 22:41, 9/17/2004 5:54:13 AM: the order comes from the numbers, the site, or the clock
    re: new RegExp(`(?<![\\d/])(\\d{1,2})/(\\d{1,2})/(20\\d{2}|19\\d{2})(?![\\d/])${CLOCK}${ZONE}`, 'gi'),
    read: (m, options) => {
      const [a, b] = [+m[1]!, +m[2]!];
      const monthFirst = a > 12 ? false : b > 12 ? true : options.slashOrder ? options.slashOrder === 'mdy' : m[7] !== undefined;
      return withClock({ year: +m[3]!, month: monthFirst ? a : b, day: monthFirst ? b : a }, m, 4);
    },
    swap: (m, t) => (+m[1]! <= 12 && +m[2]! <= 12 && m[1] !== m[2] ? { ...t, month: t.day, day: t.month } : undefined),
  },
];

/** Two-digit years: 00–69 are this century, 70–99 the last (POSIX strptime's pivot). */
function fullYear(yy: number): number {
  return yy < 70 ? 2000 + yy : 1900 + yy;
}

const YEARLESS = /(?<![\d\-/.年])(\d{1,2})[-/月](\d{1,2})日?\s+(\d{1,2}):(\d{2})(?![\d])/g;

const RELATIVE: { re: RegExp; read: (m: RegExpExecArray, crawl: WallTime) => { time: WallTime; precision: 'day' | 'minute' } | null }[] = [
  { re: /(?<!\d)(\d+)\s*(秒|分钟|分鐘|小时|小時|天|日|周|週|星期|个月|個月)前/g, read: (m, c) => ago(c, +m[1]!, unitOf(m[2]!)) },
  { re: /(?<!\d)(\d+)\s*(seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?)\s+ago/gi, read: (m, c) => ago(c, +m[1]!, unitOf(m[2]!)) },
  { re: /(an?|one)\s+(hour|day|week|minute)\s+ago/gi, read: (m, c) => ago(c, 1, unitOf(m[2]!)) },
  { re: /(昨天|昨日|前天|今天|yesterday|today)(?:\s*(\d{1,2})[:：](\d{2}))?/gi, read: (m, c) => dayWord(c, m) },
];

function monthOf(name: string): number {
  return MONTH_NAMES.get(name.toLowerCase().replace(/\.$/, '')) ?? 0;
}

function withClock(t: WallTime, m: RegExpExecArray, at: number): WallTime | null {
  if (m[at] !== undefined) {
    let hour = +m[at]!;
    const ampm = meridiem(m[at + 3]);
    if (ampm === 'pm' && hour < 12) hour += 12;
    if (ampm === 'am' && hour === 12) hour = 0;
    t.hour = hour;
    t.minute = +m[at + 1]!;
    if (m[at + 2] !== undefined) t.second = +m[at + 2]!;
    const zone = m[at + 4];
    if (zone) {
      const offset = zoneOffsetOf(zone, t);
      if (offset !== null) t.offset = offset;
    }
  }
  return isValidWallTime(t) ? t : null;
}

/** "p. m.", "PM", "مساءً" (evening) -> "pm". */
function meridiem(text: string | undefined): 'am' | 'pm' | undefined {
  if (!text) return undefined;
  const t = text.toLowerCase().replace(/[.\s]/g, '');
  return t === 'am' || t.startsWith('ص') ? 'am' : t === 'pm' || t.startsWith('م') ? 'pm' : undefined;
}

const NAMED_ZONES: Record<string, number> = {
  GMT: 0, UTC: 0, BST: 60, EDT: -240, EST: -300, CDT: -300, CST: -360, PDT: -420, PST: -480,
  AEST: 600, AEDT: 660, JST: 540, KST: 540, CET: 60, CEST: 120, Z: 0,
};

function zoneOffsetOf(zone: string, t: WallTime): number | null {
  const upper = zone.toUpperCase();
  if (upper in NAMED_ZONES) return NAMED_ZONES[upper]!;
  if (/^[+-]\d{2}:?\d{2}$/.test(zone)) return parseOffset(zone);
  const m = /^(?:GMT|UTC)([+-])(\d{1,2})$/i.exec(zone);
  if (m) return (m[1] === '-' ? -1 : 1) * +m[2]! * 60;
  void t;
  return null;
}

type Unit = 'second' | 'minute' | 'hour' | 'day' | 'week' | 'month';
function unitOf(word: string): Unit {
  const w = word.toLowerCase();
  if (/^(秒|sec)/.test(w)) return 'second';
  if (/^(分|min)/.test(w)) return 'minute';
  if (/^(小|hour|hr)/.test(w)) return 'hour';
  if (/^(天|日|day)/.test(w)) return 'day';
  if (/^(周|週|星期|week)/.test(w)) return 'week';
  return 'month';
}

const UNIT_MS: Record<Unit, number> = { second: 1e3, minute: 6e4, hour: 36e5, day: 864e5, week: 7 * 864e5, month: 30 * 864e5 };

function ago(crawl: WallTime, n: number, unit: Unit): { time: WallTime; precision: 'day' } {
  const epoch = Date.UTC(crawl.year, crawl.month - 1, crawl.day, crawl.hour ?? 12, crawl.minute ?? 0, crawl.second ?? 0) - n * UNIT_MS[unit];
  const t = instantToWallTime(epoch, 0);
  return { time: { year: t.year, month: t.month, day: t.day }, precision: 'day' };
}

function dayWord(crawl: WallTime, m: RegExpExecArray): { time: WallTime; precision: 'day' | 'minute' } {
  const word = m[1]!.toLowerCase();
  const back = word === '前天' ? 2 : word === '昨天' || word === '昨日' || word === 'yesterday' ? 1 : 0;
  const day = instantToWallTime(Date.UTC(crawl.year, crawl.month - 1, crawl.day, 12) - back * 864e5, 0);
  const time: WallTime = { year: day.year, month: day.month, day: day.day };
  if (m[2] === undefined) return { time, precision: 'day' };
  time.hour = +m[2];
  time.minute = +m[3]!;
  return { time, precision: 'minute' };
}

/** Every absolute date in a text, in order. */
export function findDates(text: string, options: DateOptions = {}): FoundDate[] {
  const out: FoundDate[] = [];
  for (const { re, read, swap } of PATTERNS) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const time = read(m, options);
      if (!time || out.some((d) => overlaps(d.index, m!.index))) continue;
      const found: FoundDate = { time, precision: time.hour === undefined ? 'day' : 'minute', index: m.index, length: m[0].length, kind: 'absolute' };
      const swapped = swap?.(m, time);
      if (swapped) found.swapped = swapped;
      out.push(found);
    }
  }
  return out.sort((a, b) => a.index - b.index);
}

function overlaps(a: number, b: number): boolean {
  return Math.abs(a - b) < 4;
}

const YEAR_MONTH = [
  new RegExp(`(?<!\\d)(20\\d{2}|19\\d{2})\\s*年\\s*(\\d{1,2})\\s*月(?!\\s*\\d)`, 'g'),
  new RegExp(`(?<![\\p{L}\\d.])${MONTH_RE}(?![\\p{L}]),?\\s+(20\\d{2}|19\\d{2})(?!\\d)`, 'giu'),
];

/** "2001年5月号", "March 1998": a month without its day (an issue's date), as the month's first day. */
export function findYearMonth(text: string): FoundDate[] {
  const out: FoundDate[] = [];
  for (const re of YEAR_MONTH) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const cjk = /^\d/.test(m[1]!);
      const t: WallTime = { year: +(cjk ? m[1]! : m[2]!), month: cjk ? +m[2]! : monthOf(m[1]!), day: 1 };
      if (isValidWallTime(t)) out.push({ time: t, precision: 'month', index: m.index, length: m[0].length, kind: 'absolute' });
    }
  }
  return out.sort((a, b) => a.index - b.index);
}

/** "10-26 21:47": a date without its year, to be completed from context. */
export function findYearless(text: string, year: number): FoundDate[] {
  const out: FoundDate[] = [];
  YEARLESS.lastIndex = 0;
  for (let m = YEARLESS.exec(text); m; m = YEARLESS.exec(text)) {
    const t: WallTime = { year, month: +m[1]!, day: +m[2]!, hour: +m[3]!, minute: +m[4]! };
    if (isValidWallTime(t)) out.push({ time: t, precision: 'minute', index: m.index, length: m[0].length, kind: 'yearless' });
  }
  return out;
}

/** Relative dates, resolved against the crawl time shown as wall-clock time in the site's zone. */
export function findRelative(text: string, crawl: WallTime): FoundDate[] {
  const out: FoundDate[] = [];
  for (const { re, read } of RELATIVE) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const found = read(m, crawl);
      if (found) out.push({ ...found, index: m.index, length: m[0].length, kind: 'relative' });
    }
  }
  return out.sort((a, b) => a.index - b.index);
}

/** The crawl instant as wall-clock time in a zone. */
export function crawlWallTime(epochMs: number, zone: string | null, fallbackOffset: number | null): WallTime {
  if (zone) {
    const guess = instantToWallTime(epochMs, 0);
    return instantToWallTime(epochMs, offsetForWallTime(guess, zone));
  }
  return instantToWallTime(epochMs, fallbackOffset ?? 0);
}
