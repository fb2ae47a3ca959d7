// What scrapers write into the saved file: the original URL and the crawl time.
// SingleFile: "url: …" and "saved date: Tue Aug 19 2025 10:12:33 GMT+0800 (…)" in a comment;
// HTTrack: "Mirrored from host/path by HTTrack Website Copier/3.x […], Tue, 19 Aug 2025 02:12:33 GMT";
// browsers: "<!-- saved from url=(0063)https://… -->".

export interface ScraperInfo {
  tool: 'singlefile' | 'httrack' | 'browser' | null;
  url: string | null;
  /** Crawl instant in ms since the epoch, with the offset the scraper wrote it in (if any). */
  crawledAt: { epochMs: number; offset: number | null } | null;
}

const HEAD_BYTES = 6000;
const SINGLEFILE = /Page saved with SingleFile[\s\S]*?url:\s*(\S+)[\s\S]*?saved date:\s*\w{3}\s+(\w{3})\s+(\d{1,2})\s+(\d{4})\s+(\d{2}):(\d{2}):(\d{2})\s+GMT([+-]\d{4})/;
const SINGLEFILE_URL = /Page saved with SingleFile[\s\S]*?url:\s*(\S+)/;
const HTTRACK = /Mirrored from\s+(\S+)\s+by HTTrack[^,]*,\s*\w{3},\s*(\d{1,2})\s+(\w{3})\s+(\d{4})\s+(\d{2}):(\d{2}):(\d{2})\s*GMT/;
const SAVED_FROM = /<!--\s*saved from url=\(\d+\)\s*(\S+?)\s*-->/i;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

export function readScraperComments(html: string): ScraperInfo {
  const head = html.slice(0, HEAD_BYTES);
  const sf = SINGLEFILE.exec(head);
  if (sf) {
    const [, url, mon, day, year, hh, mm, ss, off] = sf as unknown as string[];
    const offset = (off!.startsWith('-') ? -1 : 1) * (Number(off!.slice(1, 3)) * 60 + Number(off!.slice(3, 5)));
    const epochMs = Date.UTC(Number(year), monthIndex(mon!), Number(day), Number(hh), Number(mm), Number(ss)) - offset * 60_000;
    return { tool: 'singlefile', url: cleanUrl(url!), crawledAt: { epochMs, offset } };
  }
  const sfUrl = SINGLEFILE_URL.exec(head);
  if (sfUrl) return { tool: 'singlefile', url: cleanUrl(sfUrl[1]!), crawledAt: null };
  const ht = HTTRACK.exec(head);
  if (ht) {
    const [, target, day, mon, year, hh, mm, ss] = ht as unknown as string[];
    const url = /^[a-z]+:\/\//i.test(target!) ? target! : `http://${target}`;
    const epochMs = Date.UTC(Number(year), monthIndex(mon!), Number(day), Number(hh), Number(mm), Number(ss));
    return { tool: 'httrack', url: cleanUrl(url), crawledAt: { epochMs, offset: null } };
  }
  const saved = SAVED_FROM.exec(head);
  if (saved && /^https?:/i.test(saved[1]!)) return { tool: 'browser', url: cleanUrl(saved[1]!), crawledAt: null };
  return { tool: null, url: null, crawledAt: null };
}

function monthIndex(name: string): number {
  return Math.max(0, MONTHS.indexOf(name.slice(0, 3).toLowerCase()));
}

function cleanUrl(url: string): string | null {
  try {
    return new URL(url).href;
  } catch {
    return null;
  }
}
