// Helpers for the folio watch tests: scraped pages written for these tests, a site in a temp
// folder watched through the CLI's own wiring, an event-stream client and raw HTTP requests.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig, type Config } from '../src/cli/config.ts';
import type { Reporter } from '../src/cli/report.ts';
import { watchOptions } from '../src/cli/watch.ts';
import { startWatch, type Changes, type WatchSession } from '../src/watch/index.ts';

export interface PageText {
  title: string;
  /** One sentence that ends up in the article's body; tests look for it in dist/. */
  sentence: string;
}

/**
 * A small English news article page, like one a browser would save. `n` gives it its own URL and
 * words of its own every few words, so no two pages look like re-posts of one story.
 */
export function articlePage(n: number, { title, sentence }: PageText): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>${title} | Testbay Courier</title>
<link rel="canonical" href="https://courier.example/news/story-${n}.html">
<meta property="og:type" content="article">
<meta property="og:site_name" content="Testbay Courier">
<meta property="article:published_time" content="2025-09-${String((n % 28) + 1).padStart(2, '0')}T08:00:00+01:00">
<meta name="author" content="Ada Lin">
</head><body>
<nav><a href="/">Home</a> <a href="/news/">News</a></nav>
<article>
<h1>${title}</h1>
<p class="byline">By Ada Lin</p>
<p>${sentence}</p>
<p>Engineers on crew ${n} replaced shaft ${n} and repainted hull ${n}; vessel ${n} passed inspection ${n} on Friday.</p>
<p>Riders of route ${n} used bus ${n}, which added ${n} minutes to crossing ${n} each way.</p>
<p>Timetable ${n} stays as before repairs ${n}, with crossing ${n} leaving pier ${n} at six.</p>
</article>
<footer>Copyright Testbay Courier</footer>
</body></html>
`;
}

export function writePage(dir: string, n: number, text: PageText): string {
  const file = join(dir, `story-${n}.html`);
  writeFileSync(file, articlePage(n, text));
  return file;
}

/** Poll until `check` holds; fail with `what` after `timeoutMs`. */
export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Every line a reporter was given, by kind, as the terminal would show problems. */
export interface CapturedReporter extends Reporter {
  problems: string[];
  lines: string[];
}

export function captureReporter(): CapturedReporter {
  const problems: string[] = [];
  const lines: string[] = [];
  return {
    problems,
    lines,
    step: (label, detail) => void lines.push(`${label} ${detail}`),
    note: (text) => void lines.push(text),
    problem: (file, problem, fix) => {
      problems.push(`✗ ${file}: ${problem}; ${fix}`);
      lines.push(`✗ ${file}: ${problem}; ${fix}`);
    },
    summary: (text) => void lines.push(text),
  };
}

export interface WatchedSite {
  dir: string;
  scraped: string;
  config: Config;
  session: WatchSession;
  reporter: CapturedReporter;
  /** Every rebuild the watch asked for, the first (without changes) included. */
  rebuilds: (Changes | undefined)[];
  close(): Promise<void>;
}

/**
 * Pages 1..count in a temp folder, watched with the options `folio watch` uses (real import +
 * render), served on a free port.
 */
export async function watchSite(count = 3): Promise<WatchedSite> {
  const dir = mkdtempSync(join(tmpdir(), 'folio-watch-'));
  const scraped = join(dir, 'scraped');
  mkdirSync(scraped);
  mkdirSync(join(dir, 'templates'));
  for (let n = 1; n <= count; n++) writePage(scraped, n, { title: `Ferry story number ${n}`, sentence: `The first version of story ${n}.` });
  const config: Config = { ...defaultConfig(), content: join(dir, 'content'), out: join(dir, 'dist'), templates: join(dir, 'templates') };
  const reporter = captureReporter();
  const options = await watchOptions([scraped], config, { port: 0, configFile: join(dir, 'folio.config.json'), configFlags: {} }, reporter);
  const rebuilds: (Changes | undefined)[] = [];
  const session = await startWatch({
    ...options,
    rebuild: (changes) => {
      rebuilds.push(changes);
      return options.rebuild(changes);
    },
  });
  return {
    dir, scraped, config, session, reporter, rebuilds,
    close: async () => {
      await session.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface ServerEvent {
  event: string;
  data: unknown;
}

export interface EventClient {
  events: ServerEvent[];
  count(event: string): number;
  close(): void;
}

/** Listen on the watch's event stream; resolves once connected. */
export function listenEvents(url: string): Promise<EventClient> {
  return new Promise((resolve, reject) => {
    const events: ServerEvent[] = [];
    const req = request(new URL('/__folio/events', url), (response) => {
      let buffer = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event) events.push({ event, data: data ? JSON.parse(data) : null });
        }
      });
      response.on('error', () => {});
      resolve({
        events,
        count: (name) => events.filter((e) => e.event === name).length,
        close: () => req.destroy(),
      });
    });
    req.on('error', reject);
    req.end();
  });
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A GET with the path sent exactly as written (fetch would normalize `..` away first). */
export function rawGet(url: string, path: string): Promise<RawResponse> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method: 'GET' }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}
