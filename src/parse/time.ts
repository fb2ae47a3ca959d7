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

/** The offset (minutes east of UTC) of an IANA zone at an instant. */
export function zoneOffset(zone: string, epochMs: number): number {
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

/** The zone a site most likely writes its times in, from its language and host. */
export function guessZone(lang: string | null, host: string | null): string | null {
  const h = host ?? '';
  if (/\.tw$/.test(h) || /^zh-(tw|hant)/i.test(lang ?? '')) return 'Asia/Taipei';
  if (/\.hk$/.test(h)) return 'Asia/Hong_Kong';
  if (/\.uk$/.test(h)) return 'Europe/London';
  if (/\.au$/.test(h)) return 'Australia/Sydney';
  if (/\.jp$/.test(h)) return 'Asia/Tokyo';
  if (/\.kr$/.test(h)) return 'Asia/Seoul';
  if (/\.(cn)$/.test(h)) return 'Asia/Shanghai';
  if (/\.(de|at)$/.test(h)) return 'Europe/Berlin';
  if (/\.ch$/.test(h)) return 'Europe/Zurich';
  if (/\.fr$/.test(h)) return 'Europe/Paris';
  const l = (lang ?? '').toLowerCase();
  if (l.startsWith('zh')) return 'Asia/Shanghai';
  if (l.startsWith('ja')) return 'Asia/Tokyo';
  if (l.startsWith('ko')) return 'Asia/Seoul';
  if (l === 'en-gb') return 'Europe/London';
  if (l.startsWith('de')) return 'Europe/Berlin';
  return null;
}
