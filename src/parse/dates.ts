// Date expressions in page text: absolute (Chinese, ISO-like, English), year-less, and relative
// ("4天前", "昨天 15:30", "2 hours ago") against the crawl time.

import { instantToWallTime, isValidWallTime, offsetForWallTime, parseOffset, type WallTime } from './time.ts';

export interface FoundDate {
  time: WallTime;
  /** Relative dates know only the day (except "昨天 08:15", which names a clock time). */
  precision: 'day' | 'minute';
  /** Where in the text it was found. */
  index: number;
  kind: 'absolute' | 'yearless' | 'relative';
}

/** Month names in the languages of the pages we meet (English, German, French, Spanish, Italian, Portuguese, Dutch). */
const MONTH_WORDS: [number, string[]][] = [
  [1, ['january', 'jan', 'januar', 'jänner', 'janvier', 'janv', 'enero', 'ene', 'gennaio', 'gen', 'janeiro', 'januari']],
  [2, ['february', 'feb', 'februar', 'février', 'fevrier', 'févr', 'febrero', 'febbraio', 'fevereiro', 'fev', 'februari']],
  [3, ['march', 'mar', 'märz', 'maerz', 'mars', 'marzo', 'março', 'marco', 'maart', 'mrt']],
  [4, ['april', 'apr', 'avril', 'avr', 'abril', 'abr', 'aprile']],
  [5, ['may', 'mai', 'mayo', 'maggio', 'mag', 'maio', 'mei']],
  [6, ['june', 'jun', 'juni', 'juin', 'junio', 'giugno', 'giu', 'junho']],
  [7, ['july', 'jul', 'juli', 'juillet', 'juil', 'julio', 'luglio', 'lug', 'julho']],
  [8, ['august', 'aug', 'août', 'aout', 'agosto', 'ago', 'augustus']],
  [9, ['september', 'sep', 'sept', 'septembre', 'septiembre', 'setiembre', 'settembre', 'set', 'setembro']],
  [10, ['october', 'oct', 'oktober', 'okt', 'octobre', 'octubre', 'ottobre', 'ott', 'outubro', 'out']],
  [11, ['november', 'nov', 'novembre', 'noviembre', 'novembro']],
  [12, ['december', 'dec', 'dezember', 'dez', 'décembre', 'decembre', 'déc', 'diciembre', 'dic', 'dicembre', 'dezembro']],
];
const MONTH_NAMES = new Map<string, number>(MONTH_WORDS.flatMap(([n, words]) => words.map((w) => [w, n] as [string, number])));
const MONTH_RE = `(${[...MONTH_NAMES.keys()].sort((a, b) => b.length - a.length).join('|')})\\.?`;
const CLOCK = '(?:[T\\s,，]*(?:at\\s+)?(\\d{1,2})[:：时時](\\d{2})(?:[:：分](\\d{2}))?(?:秒|分)?\\s*(a\\.?m\\.?|p\\.?m\\.?)?)?';
const ZONE = '(?:\\s*(Z|[+-]\\d{2}:?\\d{2}|GMT[+-]\\d{1,2}|UTC[+-]?\\d{0,2}|BST|GMT|UTC|EDT|EST|CDT|CST|PDT|PST|AEST|AEDT|JST|KST|CET|CEST))?';

const PATTERNS: { re: RegExp; read: (m: RegExpExecArray) => WallTime | null }[] = [
  { // 2025年08月16日 09:30 / 2025-08-16 09:30:05 / 2025/8/16 / 2025.08.16
    re: new RegExp(`(?<!\\d)(20\\d{2}|19\\d{2})\\s*[年\\-/.]\\s*(\\d{1,2})\\s*[月\\-/.]\\s*(\\d{1,2})(?!\\d)\\s*[日号號]?(?:\\s*[（(]?(?:星期|周|週)[一二三四五六日天][)）]?)?${CLOCK}${ZONE}`, 'gi'),
    read: (m) => withClock({ year: +m[1]!, month: +m[2]!, day: +m[3]! }, m, 4),
  },
  { // Aug 16, 2025 / August 16 2025 6:45 pm
    re: new RegExp(`(?<![\\p{L}])${MONTH_RE}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})${CLOCK}${ZONE}`, 'giu'),
    read: (m) => withClock({ year: +m[3]!, month: monthOf(m[1]!), day: +m[2]! }, m, 4),
  },
  { // 14 October 2025, 6:45 pm BST / 16. Oktober 2019 / 16 de octubre de 2019
    re: new RegExp(`(?<!\\d)(\\d{1,2})(?:st|nd|rd|th|\\.|er|º)?\\s+(?:de\\s+)?${MONTH_RE}(?![\\p{L}]),?\\s+(?:de\\s+)?(\\d{4})${CLOCK}${ZONE}`, 'giu'),
    read: (m) => withClock({ year: +m[3]!, month: monthOf(m[2]!), day: +m[1]! }, m, 4),
  },
  { // 16.08.2025 (European)
    re: new RegExp(`(?<![\\d.])(\\d{1,2})\\.(\\d{1,2})\\.(20\\d{2})(?![\\d.])${CLOCK}`, 'g'),
    read: (m) => withClock({ year: +m[3]!, month: +m[2]!, day: +m[1]! }, m, 4),
  },
];

const YEARLESS = /(?<![\d\-/.年])(\d{1,2})[-/月](\d{1,2})日?\s+(\d{1,2}):(\d{2})(?![\d])/g;

const RELATIVE: { re: RegExp; read: (m: RegExpExecArray, crawl: WallTime) => { time: WallTime; precision: 'day' | 'minute' } | null }[] = [
  { re: /(\d+)\s*(秒|分钟|分鐘|小时|小時|天|日|周|週|星期|个月|個月)前/g, read: (m, c) => ago(c, +m[1]!, unitOf(m[2]!)) },
  { re: /(\d+)\s*(seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?)\s+ago/gi, read: (m, c) => ago(c, +m[1]!, unitOf(m[2]!)) },
  { re: /(an?|one)\s+(hour|day|week|minute)\s+ago/gi, read: (m, c) => ago(c, 1, unitOf(m[2]!)) },
  { re: /(昨天|昨日|前天|今天|yesterday|today)(?:\s*(\d{1,2})[:：](\d{2}))?/gi, read: (m, c) => dayWord(c, m) },
];

function monthOf(name: string): number {
  return MONTH_NAMES.get(name.toLowerCase().replace(/\.$/, '')) ?? 0;
}

function withClock(t: WallTime, m: RegExpExecArray, at: number): WallTime | null {
  if (m[at] !== undefined) {
    let hour = +m[at]!;
    const ampm = m[at + 3]?.toLowerCase().replace(/\./g, '');
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
export function findDates(text: string): FoundDate[] {
  const out: FoundDate[] = [];
  for (const { re, read } of PATTERNS) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const time = read(m);
      if (time && !out.some((d) => overlaps(d.index, m!.index))) out.push({ time, precision: time.hour === undefined ? 'day' : 'minute', index: m.index, kind: 'absolute' });
    }
  }
  return out.sort((a, b) => a.index - b.index);
}

function overlaps(a: number, b: number): boolean {
  return Math.abs(a - b) < 4;
}

/** "10-26 21:47": a date without its year, to be completed from context. */
export function findYearless(text: string, year: number): FoundDate[] {
  const out: FoundDate[] = [];
  YEARLESS.lastIndex = 0;
  for (let m = YEARLESS.exec(text); m; m = YEARLESS.exec(text)) {
    const t: WallTime = { year, month: +m[1]!, day: +m[2]!, hour: +m[3]!, minute: +m[4]! };
    if (isValidWallTime(t)) out.push({ time: t, precision: 'minute', index: m.index, kind: 'yearless' });
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
      if (found) out.push({ ...found, index: m.index, kind: 'relative' });
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
