// Publish dates: read the record's date once into what pages show and what sorting compares.
// Nothing here uses the build machine's time zone, so every machine builds the same bytes.

import { DATE_ONLY_PATTERN, DATE_TIME_PATTERN } from './constants.ts';

export interface DateView {
  /** The date as the record gives it, fit for `<time datetime>`. */
  iso: string;
  /** `YYYY-MM-DD`, in the article's own time zone. */
  day: string;
  /** `YYYY-MM-DD` or `YYYY-MM-DD HH:MM`, in the article's own time zone. */
  text: string;
}

export interface ParsedDate {
  view: DateView;
  /** Milliseconds since the epoch, for sorting; a day-only date counts as that day's start in UTC. */
  time: number;
}

/** Read a record's date, or null when it is missing or not a real ISO 8601 date. */
export function parseDate(raw: string | null): ParsedDate | null {
  if (raw === null) return null;
  const iso = raw.trim();
  // A month-only date ("1998-03"): shown as written, sorted as the month's first day.
  if (/^\d{4}-\d{2}$/.test(iso)) {
    const time = Date.parse(`${iso}-01T00:00:00Z`);
    return isRealDay(`${iso}-01`, time) ? { view: { iso, day: iso, text: iso }, time } : null;
  }
  const dayOnly = DATE_ONLY_PATTERN.exec(iso);
  if (dayOnly) {
    const time = Date.parse(`${iso}T00:00:00Z`);
    return isRealDay(iso, time) ? { view: { iso, day: iso, text: iso }, time } : null;
  }
  const dateTime = DATE_TIME_PATTERN.exec(iso);
  if (!dateTime) return null;
  const [, day = '', hours = '', minutes = '', seconds = '00', offset] = dateTime;
  const time = Date.parse(`${day}T${hours}:${minutes}:${seconds}${normalizeOffset(offset)}`);
  if (!isRealDay(day, Date.parse(`${day}T00:00:00Z`)) || Number.isNaN(time)) return null;
  return { view: { iso, day, text: `${day} ${hours}:${minutes}` }, time };
}

/** `Date.parse` rolls 2024-02-30 over to March; a real day survives the round trip. */
function isRealDay(day: string, time: number): boolean {
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === day;
}

function normalizeOffset(offset: string | undefined): string {
  if (offset === undefined || offset.toUpperCase() === 'Z') return 'Z';
  const digits = offset.slice(1).replace(':', '').padEnd(4, '0');
  return `${offset[0]}${digits.slice(0, 2)}:${digits.slice(2)}`;
}
