// folio watch: rebuilds on real file changes (through chokidar and the CLI's import + render),
// ignores editors' scratch files, turns bursts into one rebuild, reports broken pages to the
// terminal and the browser, serves nothing outside dist/, and injects the reload client only
// into what it serves.

import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLIENT_TAG, startWatch, type Changes, type Outcome } from '../src/watch/index.ts';
import { RebuildQueue } from '../src/watch/queue.ts';
import { filesUnder, ROOT } from './helpers.ts';
import { articlePage, captureReporter, listenEvents, rawGet, sleep, waitFor, watchSite, writePage, type EventClient, type WatchedSite } from './watch-helpers.ts';

/** Longer than the watcher's write settling plus the queue's quiet time: a change would have started a rebuild by then. */
const QUIET_MS = 1000;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function site(count?: number): Promise<WatchedSite> {
  const watched = await watchSite(count);
  cleanups.push(() => watched.close());
  return watched;
}

async function events(url: string): Promise<EventClient> {
  const client = await listenEvents(url);
  cleanups.push(() => client.close());
  await waitFor(() => client.count('problems') > 0, 'the stream to send the current problems on connect');
  return client;
}

const articleFile = (s: WatchedSite, n: number) => join(s.config.out, 'articles', `ferry-story-number-${n}`, 'index.html');

describe('folio watch', () => {
  it('rebuilds the page when a scraped page changes, sends a reload, and does not rebuild again for its own writes', async () => {
    const s = await site();
    const client = await events(s.session.url);
    expect(readFileSync(articleFile(s, 2), 'utf8')).toContain('The first version of story 2.');

    writePage(s.scraped, 2, { title: 'Ferry story number 2', sentence: 'The second version of story 2, after an edit.' });
    await waitFor(() => client.count('reload') === 1, 'a reload event');
    expect(readFileSync(articleFile(s, 2), 'utf8')).toContain('The second version of story 2, after an edit.');
    const served = await fetch(new URL('articles/ferry-story-number-2/', s.session.url)).then((r) => r.text());
    expect(served).toContain('The second version of story 2, after an edit.');

    // The import rewrote content/ferry-story-number-2.md; that echo must not start a second rebuild.
    await sleep(QUIET_MS);
    await s.session.idle();
    expect(s.rebuilds.length).toBe(2);
    expect(s.rebuilds[1]?.paths).toEqual([join(s.scraped, 'story-2.html')]);
    expect(client.count('reload')).toBe(1);
  }, 60_000);

  it('re-renders when a record is edited by hand', async () => {
    const s = await site();
    const client = await events(s.session.url);
    const record = join(s.config.content, 'ferry-story-number-3.md');
    appendFileSync(record, '\nA paragraph added by hand to the record.\n');
    await waitFor(() => client.count('reload') === 1, 'a reload event');
    expect(readFileSync(articleFile(s, 3), 'utf8')).toContain('A paragraph added by hand to the record.');
  }, 60_000);

  it('rebuilds for a template change and ignores swap, backup and temporary files', async () => {
    const s = await site();
    const client = await events(s.session.url);
    const templates = s.config.templates;
    const scratch = [
      join(templates, '.home.liquid.swp'), join(templates, '.home.liquid.swx'), join(templates, 'home.liquid~'),
      join(templates, '.#home.liquid'), join(templates, '4913'), join(templates, '.DS_Store'), join(templates, 'home.tmp'),
      join(s.scraped, '.story-1.html.swp'), join(s.scraped, 'story-1.html~'), join(s.scraped, 'story-9.html.tmp-4242'),
      join(s.config.content, 'ferry-story-number-1.md.tmp-4242'), join(s.config.content, '.#ferry-story-number-1.md'),
      // Not a page: a scraper's picture changes nothing on the site.
      join(s.scraped, 'photo.jpg'),
    ];
    for (const file of scratch) writeFileSync(file, 'scratch');
    await sleep(QUIET_MS);
    await s.session.idle();
    expect(s.rebuilds.length, 'only the first build').toBe(1);

    const home = readFileSync(join(ROOT, 'templates', 'home.liquid'), 'utf8');
    writeFileSync(join(templates, 'home.liquid'), home.replace('{% endblock %}', '<p class="from-my-template">Edited home template</p>\n{% endblock %}'));
    await waitFor(() => client.count('reload') === 1, 'a reload event');
    expect(readFileSync(join(s.config.out, 'index.html'), 'utf8')).toContain('Edited home template');
    expect(s.rebuilds.length).toBe(2);
  }, 60_000);

  it('shows a page that fails to parse in the terminal and on the event stream, and keeps its last good page served', async () => {
    const s = await site();
    const client = await events(s.session.url);
    const broken = join(s.scraped, 'story-1.html');
    writeFileSync(broken, '');
    await waitFor(() => client.events.some((e) => e.event === 'problems' && (e.data as { lines: string[] }).lines.length > 0), 'a problems event');

    const problem = s.reporter.problems.find((line) => line.includes(broken));
    expect(problem, s.reporter.lines.join('\n')).toMatch(/the file is empty/);
    const sent = client.events.filter((e) => e.event === 'problems').at(-1)!.data as { lines: string[] };
    expect(sent.lines.some((line) => line.includes(broken) && line.includes('the file is empty'))).toBe(true);

    const response = await fetch(new URL('articles/ferry-story-number-1/', s.session.url));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('The first version of story 1.');

    // A page opened (or reloaded) now still learns about the problem.
    const late = await listenEvents(s.session.url);
    cleanups.push(() => late.close());
    await waitFor(() => late.count('problems') > 0, 'problems on connect');
    expect((late.events[0]!.data as { lines: string[] }).lines).toEqual(sent.lines);

    // Fixed again: the overlay is cleared.
    writePage(s.scraped, 1, { title: 'Ferry story number 1', sentence: 'Story 1, repaired.' });
    await waitFor(() => client.events.at(-1)?.event === 'reload' && (client.events.at(-2)?.data as { lines: string[] }).lines.length === 0, 'an empty problems event and a reload');
  }, 60_000);

  it('keeps serving the pages built before when a rebuild fails outright', async () => {
    const s = await site();
    const client = await events(s.session.url);
    writeFileSync(join(s.config.templates, 'article.liquid'), '{% if %}broken');
    await waitFor(() => client.events.some((e) => e.event === 'problems' && (e.data as { lines: string[] }).lines.some((l) => l.includes('article.liquid'))), 'the template problem');
    expect(client.count('reload')).toBe(0);
    expect(s.reporter.problems.some((line) => line.includes('article.liquid'))).toBe(true);
    const page = await fetch(new URL('articles/ferry-story-number-1/', s.session.url)).then((r) => r.text());
    expect(page).toContain('The first version of story 1.');
  }, 60_000);

  it('injects the reload client into served HTML only, never into dist/', async () => {
    const s = await site();
    const home = await fetch(s.session.url);
    expect(home.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await home.text()).toContain(`${CLIENT_TAG}</body>`);
    const missing = await fetch(new URL('no/such/page/', s.session.url));
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain(CLIENT_TAG);
    const css = await fetch(new URL('assets/style.css', s.session.url));
    expect(css.status).toBe(200);
    expect(await css.text()).not.toContain('__folio');
    const client = await fetch(new URL('/__folio/reload.js', s.session.url));
    expect(client.headers.get('content-type')).toMatch(/javascript/);
    expect(await client.text()).toContain('EventSource');

    const written = filesUnder(s.config.out).filter((file) => /\.(html|js|json)$/.test(file));
    expect(written.length).toBeGreaterThan(5);
    for (const file of written) expect(readFileSync(file, 'utf8'), file).not.toContain('__folio');
  }, 60_000);

  it('never serves a file outside dist/, however the path is written', async () => {
    const s = await site(1);
    // Beside dist/: a file and a folder whose name starts like it (a prefix check would let it through).
    // HTML is read by the server itself (to add the client), anything else is sent by sirv: both kinds.
    for (const name of ['secret.txt', 'secret.html']) writeFileSync(join(s.dir, name), 'SECRET-OUTSIDE');
    mkdirSync(join(s.dir, 'dist-private'));
    writeFileSync(join(s.dir, 'dist-private', 'secret.txt'), 'SECRET-OUTSIDE');
    const paths = [
      '/../secret.txt', '/..%2fsecret.txt', '/%2e%2e/secret.txt', '/%2E%2E%2Fsecret.txt', '/%252e%252e/secret.txt',
      '/../dist-private/secret.txt', '/..%2fdist-private%2fsecret.txt', '/assets/../../secret.txt', '/assets/..%2f..%2fsecret.txt',
      '/..%5csecret.txt', '/%2e%2e%5csecret.txt', `/${'../'.repeat(12)}etc/passwd`, '/%00/../secret.txt', '/secret.txt%00.html',
      `/..${encodeURIComponent(join(s.dir, 'secret.txt'))}`, '/../package.json', '/..%2f..%2f..%2fpackage.json',
    ];
    const attempts = [...paths, ...paths.filter((path) => path.includes('secret.txt')).map((path) => path.replace('secret.txt', 'secret.html'))];
    for (const path of attempts) {
      const response = await rawGet(s.session.url, path);
      expect(response.body, `${path} answered ${response.status}`).not.toContain('SECRET-OUTSIDE');
      expect(response.body, path).not.toContain('root:x:0');
      expect(response.status, path).not.toBe(200);
    }
    // "//host" must not become a redirect to another site.
    const redirect = await rawGet(s.session.url, '//evil.example/tags');
    expect(redirect.headers.location ?? '').not.toMatch(/^\/\//);
  }, 60_000);

  it('moves on to the next port when the one asked for is taken, and says so', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => blocker.close(() => resolve())));
    const taken = (blocker.address() as { port: number }).port;
    const out = mkdtempSync(join(tmpdir(), 'folio-watch-port-'));
    cleanups.push(() => rmSync(out, { recursive: true, force: true }));
    const reporter = captureReporter();
    const session = await startWatch({ paths: [out], outDir: join(out, 'dist'), port: taken, reporter, rebuild: async () => ({ ok: 0, failed: 0, problems: [] }) });
    cleanups.push(() => session.close());
    expect(session.port).not.toBe(taken);
    expect(reporter.lines).toContain(`port ${taken} is in use; serving on ${session.port} instead`);
  });
});

describe('bursts of changes', () => {
  it('turns 300 files written at once into one rebuild (or one and a single follow-up)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'folio-watch-burst-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const calls: Changes[] = [];
    const rebuild = async (changes?: Changes): Promise<Outcome> => {
      if (changes) calls.push(changes);
      await sleep(300); // a rebuild takes a while; changes keep arriving meanwhile
      return { ok: 1, failed: 0, problems: [] };
    };
    const session = await startWatch({ paths: [dir], outDir: join(dir, 'dist'), port: 0, rebuild, reporter: captureReporter() });
    cleanups.push(() => session.close());

    const written: string[] = [];
    for (let n = 0; n < 300; n++) {
      const file = join(dir, `page-${n}.html`);
      writeFileSync(file, articlePage(n, { title: `Story ${n}`, sentence: `Burst page ${n}.` }));
      written.push(file);
    }
    await waitFor(() => new Set(calls.flatMap((c) => c.paths)).size === 300, 'every written file in some rebuild', 30_000);
    await sleep(QUIET_MS);
    await session.idle();
    expect(calls.length).toBeGreaterThanOrEqual(1);
    expect(calls.length).toBeLessThanOrEqual(2);
    expect(new Set(calls.flatMap((c) => c.paths))).toEqual(new Set(written));
  }, 60_000);

  it('collects the changes that arrive during a rebuild into exactly one follow-up', async () => {
    const runs: string[][] = [];
    let release!: () => void;
    const blocked = new Promise<void>((resolve) => (release = resolve));
    const queue = new RebuildQueue(async (paths) => {
      runs.push(paths);
      if (runs.length === 1) await blocked;
    }, { debounceMs: 20, maxWaitMs: 200 });
    queue.add('/a');
    await waitFor(() => runs.length === 1, 'the first rebuild to start');
    for (let n = 0; n < 50; n++) queue.add(`/during-${n}`);
    await sleep(100);
    expect(runs.length, 'nothing starts while a rebuild runs').toBe(1);
    release();
    await waitFor(() => runs.length === 2, 'the follow-up');
    await queue.idle();
    await sleep(100);
    expect(runs.length).toBe(2);
    expect(runs[1]).toHaveLength(50);
  });
});

describe('the folio watch command', () => {
  it('builds, serves, and stops cleanly with exit code 0 on Ctrl-C', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'folio-watch-cli-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const scraped = join(dir, 'scraped');
    mkdirSync(scraped);
    writePage(scraped, 1, { title: 'Ferry story number 1', sentence: 'Served from the command.' });
    const child = spawn(process.execPath, [join(ROOT, 'bin/folio.js'), 'watch', scraped, '--port', '0', '--content', join(dir, 'content'), '--out', join(dir, 'dist')], { cwd: dir });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    cleanups.push(() => void child.kill('SIGKILL'));

    await waitFor(() => /Serving .* at (http:\S+);/.test(stderr), 'the serving line', 40_000);
    const url = /Serving .* at (http:\S+);/.exec(stderr)![1]!;
    expect(await fetch(new URL('articles/ferry-story-number-1/', url)).then((r) => r.text())).toContain('Served from the command.');
    const client = await listenEvents(url);
    cleanups.push(() => client.close());

    child.kill('SIGINT');
    const code = await Promise.race([exited, sleep(15_000).then(() => 'still running')]);
    expect(code, stderr).toBe(0);
    expect(existsSync(join(dir, 'dist', 'index.html'))).toBe(true);
  }, 60_000);
});
