// Calendar helpers: wall-clock times in a site's zone, offsets, ISO 8601 output.
// A parsed date keeps what the page said: the day, the time if any, the offset if any.

export interface WallTime {
  year: number;
  month: number; // 1-12
  day: number;
  hour?: number;
  minute?: number;
  second?: number;
  /** Minutes east of UTC, when the page states it. */
  offset?: number;
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/**
 * Offsets already looked up, by zone and instant: a page asks for the same few instants (its crawl
 * time, its dates) several times, and each Intl lookup costs tens of microseconds.
 */
const knownOffsets = new Map<string, number>();
/** Enough for the instants of many pages; cleared when full, so memory stays bounded. */
const KNOWN_OFFSETS_MAX = 4096;

/** The offset (minutes east of UTC) of an IANA zone at an instant. */
export function zoneOffset(zone: string, epochMs: number): number {
  const key = `${zone} ${epochMs}`;
  let offset = knownOffsets.get(key);
  if (offset === undefined) {
    if (knownOffsets.size >= KNOWN_OFFSETS_MAX) knownOffsets.clear();
    offset = lookUpOffset(zone, epochMs);
    knownOffsets.set(key, offset);
  }
  return offset;
}

function lookUpOffset(zone: string, epochMs: number): number {
  let fmt = offsetFormatters.get(zone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
    offsetFormatters.set(zone, fmt);
  }
  const name = fmt.formatToParts(new Date(epochMs)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

/** The offset of a wall-clock time in a zone (two passes settle DST edges). */
export function offsetForWallTime(t: WallTime, zone: string): number {
  const asUtc = Date.UTC(t.year, t.month - 1, t.day, t.hour ?? 12, t.minute ?? 0, t.second ?? 0);
  let offset = zoneOffset(zone, asUtc);
  offset = zoneOffset(zone, asUtc - offset * 60_000);
  return offset;
}

export function isValidWallTime(t: WallTime): boolean {
  if (t.year < 1990 || t.year > 2100 || t.month < 1 || t.month > 12 || t.day < 1) return false;
  if (t.day > new Date(Date.UTC(t.year, t.month, 0)).getUTCDate()) return false;
  if (t.hour !== undefined && (t.hour < 0 || t.hour > 23)) return false;
  if (t.minute !== undefined && (t.minute < 0 || t.minute > 59)) return false;
  return true;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** `YYYY-MM-DD` when the time is unknown; full ISO with offset when time and offset (or zone) are known. */
export function formatWallTime(t: WallTime, zone: string | null): string {
  const day = `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}`;
  if (t.hour === undefined) return day;
  const offset = t.offset ?? (zone ? offsetForWallTime(t, zone) : undefined);
  const clock = `T${pad(t.hour)}:${pad(t.minute ?? 0)}:${pad(t.second ?? 0)}`;
  return offset === undefined ? `${day}${clock}` : `${day}${clock}${formatOffset(offset)}`;
}

/** An instant shown as wall-clock time at a given offset. */
export function instantToWallTime(epochMs: number, offset: number): WallTime {
  const d = new Date(epochMs + offset * 60_000);
  return {
    year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(),
    hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(), offset,
  };
}

export function wallTimeToEpoch(t: WallTime, zone: string | null): number {
  const offset = t.offset ?? (zone ? offsetForWallTime(t, zone) : 0);
  return Date.UTC(t.year, t.month - 1, t.day, t.hour ?? 0, t.minute ?? 0, t.second ?? 0) - offset * 60_000;
}

/** Whole days since 1970-01-01 of a wall-clock date (its own calendar day, whatever its zone). */
export function dayNumber(t: WallTime): number {
  return Math.floor(Date.UTC(t.year, t.month - 1, t.day) / 864e5);
}

export function sameDay(a: WallTime, b: WallTime): boolean {
  return a.year === b.year && a.month === b.month && a.day === b.day;
}

/** A UTC time shown on a zone's clock (readers, and the site's own pages, use the site's clock); other times as they are. */
export function utcInZone(t: WallTime, zone: string | null): WallTime {
  if (!zone || t.offset !== 0 || t.hour === undefined) return t;
  const epoch = wallTimeToEpoch(t, null);
  return instantToWallTime(epoch, zoneOffset(zone, epoch));
}

/** A Unix timestamp in seconds (10 digits) or milliseconds (13) as UTC wall-clock time. */
export function parseEpoch(value: string): WallTime | null {
  if (!/^\d{10}(\d{3})?$/.test(value)) return null;
  const t = instantToWallTime(value.length === 10 ? Number(value) * 1000 : Number(value), 0);
  return { year: t.year, month: t.month, day: t.day, hour: t.hour, minute: t.minute, offset: 0 };
}

/** Parse an ISO 8601 / RFC 3339-like string ("2025-08-16T09:30:00+0800", "2025-08-16 09:30", "2025-08-16"). */
export function parseIsoLike(value: string): WallTime | null {
  const m = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?/i.exec(value);
  if (!m) return null;
  const t: WallTime = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  if (m[4] !== undefined) {
    t.hour = Number(m[4]);
    t.minute = Number(m[5]);
    if (m[6] !== undefined) t.second = Number(m[6]);
    if (m[7]) t.offset = parseOffset(m[7]);
  }
  return isValidWallTime(t) ? t : null;
}

export function parseOffset(text: string): number {
  if (/^z$/i.test(text)) return 0;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(text);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

/** Country domains whose sites write their times in one zone (countries spanning zones: the zone of most of their newsrooms). */
const COUNTRY_ZONES: Record<string, string> = {
  tw: 'Asia/Taipei', hk: 'Asia/Hong_Kong', uk: 'Europe/London', ie: 'Europe/Dublin', au: 'Australia/Sydney', nz: 'Pacific/Auckland',
  jp: 'Asia/Tokyo', kr: 'Asia/Seoul', cn: 'Asia/Shanghai', sg: 'Asia/Singapore', in: 'Asia/Kolkata',
  de: 'Europe/Berlin', at: 'Europe/Berlin', ch: 'Europe/Zurich', fr: 'Europe/Paris', be: 'Europe/Brussels', nl: 'Europe/Amsterdam',
  it: 'Europe/Rome', es: 'Europe/Madrid', pt: 'Europe/Lisbon', pl: 'Europe/Warsaw', cz: 'Europe/Prague', dk: 'Europe/Copenhagen',
  se: 'Europe/Stockholm', no: 'Europe/Oslo', fi: 'Europe/Helsinki', ru: 'Europe/Moscow', ua: 'Europe/Kiev', tr: 'Europe/Istanbul',
  ca: 'America/Toronto', mx: 'America/Mexico_City', br: 'America/Sao_Paulo', ar: 'America/Argentina/Buenos_Aires',
  pe: 'America/Lima', cl: 'America/Santiago', bo: 'America/La_Paz', ve: 'America/Caracas',
};

/** The zone a site most likely writes its times in, from its host's country domain, else its language. */
export function guessZone(lang: string | null, host: string | null): string | null {
  const l = (lang ?? '').toLowerCase();
  if (/^zh-(tw|hant)/.test(l)) return 'Asia/Taipei';
  const tld = /\.([a-z]{2})$/.exec(host ?? '')?.[1];
  if (tld && COUNTRY_ZONES[tld]) return COUNTRY_ZONES[tld]!;
  if (l.startsWith('zh')) return 'Asia/Shanghai';
  if (l.startsWith('ja')) return 'Asia/Tokyo';
  if (l.startsWith('ko')) return 'Asia/Seoul';
  if (l === 'en-gb') return 'Europe/London';
  if (l.startsWith('de')) return 'Europe/Berlin';
  return null;
}
