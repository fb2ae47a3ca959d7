// Incremental builds are exact: after any sequence of edits, additions and deletions of scraped
// pages, hand edits of records and template edits, what the incremental builder leaves in content/
// and dist/ is byte for byte what a clean build (same content/ to start from, no cache, no dist/)
// makes. Seeded random sequences; the builder is kept between steps (as `folio watch` keeps it)
// on some steps and made anew with only the cache folder (as `folio build` runs) on others.

import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Builder, type BuildOutcome } from '../src/build/builder.ts';
import { defaultConfig, type Config } from '../src/cli/config.ts';
import type { Reporter } from '../src/cli/report.ts';
import { fileTree, ROOT, seededRandom } from './helpers.ts';

const silent: Reporter = { step: () => {}, problem: () => {}, note: () => {}, summary: () => {} };
const work = mkdtempSync(join(tmpdir(), 'folio-incremental-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function expectSameTree(actual: string, expected: string, step: string): void {
  const [a, b] = [fileTree(actual), fileTree(expected)];
  expect([...a.keys()].sort(), `${step}: files in ${relative(work, actual)}`).toEqual([...b.keys()].sort());
  const differing = [...a.keys()].filter((file) => a.get(file) !== b.get(file));
  expect(differing, `${step}: files that differ from the clean build`).toEqual([]);
}

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.html?$/.test(f)).sort().map((f) => join(dir, f));
}

interface Step {
  name: string;
  /** Applies the change; returns the paths it touched. */
  apply: () => string[];
}

const KINDS = ['edit page', 'edit page', 'add page', 'delete page', 'edit record', 'delete record', 'edit template', 'nothing'];

function steps(next: () => number, paths: { scraped: string; content: string; templates: string }, n: number, given?: string): Step {
  const pick = <T>(list: T[]): T => list[Math.floor(next() * list.length)]!;
  const kind = given ?? pick(KINDS);
  const pages = htmlFiles(paths.scraped);
  switch (kind) {
    case 'edit page': {
      const file = pick(pages);
      return {
        name: `${kind} ${relative(paths.scraped, file)}`,
        apply: () => {
          const html = readFileSync(file, 'latin1');
          const at = html.indexOf('</p>', Math.floor(html.length * next() * 0.8));
          const edited = at < 0 ? `${html}\n<!-- edit ${n} -->` : `${html.slice(0, at + 4)}<p>Update ${n}: the harbour board confirmed the figures on Tuesday evening.</p>${html.slice(at + 4)}`;
          writeFileSync(file, edited, 'latin1');
          return [file];
        },
      };
    }
    case 'add page': {
      const source = pick(pages);
      const file = join(source, '..', `added-${n}.html`);
      return {
        name: `${kind} ${relative(paths.scraped, file)}`,
        apply: () => {
          const html = readFileSync(source, 'latin1')
            .replace(/(rel="canonical" href=")[^"]*/, `$1https://added.example/story-${n}/`)
            .replace(/(property="og:url" content=")[^"]*/, `$1https://added.example/story-${n}/`)
            .replace(/<\/title>/, ` Extra ${n}</title>`);
          writeFileSync(file, html, 'latin1');
          return [file];
        },
      };
    }
    case 'delete page': {
      const file = pick(pages);
      return { name: `${kind} ${relative(paths.scraped, file)}`, apply: () => (rmSync(file), [file]) };
    }
    case 'edit record': {
      const records = readdirSync(paths.content).filter((f) => f.endsWith('.md')).sort();
      if (!records.length) return { name: 'nothing (no record)', apply: () => [] };
      const file = join(paths.content, pick(records));
      return {
        name: `${kind} ${relative(paths.content, file)}`,
        apply: () => {
          writeFileSync(file, `${readFileSync(file, 'utf8')}\nA reader's note, added by hand (${n}).\n`);
          return [file];
        },
      };
    }
    case 'delete record': {
      const records = readdirSync(paths.content).filter((f) => f.endsWith('.md')).sort();
      if (!records.length) return { name: 'nothing (no record)', apply: () => [] };
      const file = join(paths.content, pick(records));
      return { name: `${kind} ${relative(paths.content, file)}`, apply: () => (rmSync(file), [file]) };
    }
    case 'edit template': {
      const file = join(paths.templates, pick(['article.liquid', 'layout.liquid', 'tag.liquid', 'home.liquid', 'related.liquid']));
      return {
        name: `${kind} ${relative(paths.templates, file)}`,
        apply: () => {
          writeFileSync(file, `${readFileSync(file, 'utf8')}\n<!-- edit ${n} -->\n`);
          return [file];
        },
      };
    }
    default:
      return { name: 'nothing', apply: () => [] };
  }
}

function config(dir: string, name: string, templates: string): Config {
  return { ...defaultConfig(), content: join(dir, `${name}-content`), out: join(dir, `${name}-dist`), templates, cacheDir: join(dir, `${name}-cache`) };
}

/** The bundled sample's scraped pages copied under `work/<name>`, and settings to build them there with the bundled templates. */
function sampleSite(name: string): { scraped: string; settings: Config } {
  const dir = join(work, name);
  const scraped = join(dir, 'scraped');
  cpSync(join(ROOT, 'examples/scraped'), scraped, { recursive: true });
  return { scraped, settings: config(dir, 'site', join(ROOT, 'templates')) };
}

/**
 * Odd steps with the builder kept, even ones with a new builder; or every step with the one kept
 * builder, given only the watcher's list of changes (folio watch), through each kind of change in turn.
 */
type Keeping = 'alternate' | 'always';
const EVERY_KIND = ['add page', 'edit page', 'delete record', 'edit record', 'delete page', 'add page', 'edit template', 'edit page'];

describe.each<[number, Keeping]>([[11, 'alternate'], [29, 'alternate'], [47, 'alternate'], [53, 'always']])('incremental builds, seed %i, builder kept: %s', (seed, keeping) => {
  it('equal a clean build after every step', async () => {
    const dir = join(work, `seed-${seed}`);
    const scraped = join(dir, 'scraped');
    const templates = join(dir, 'templates');
    cpSync(join(ROOT, 'examples/scraped'), scraped, { recursive: true });
    cpSync(join(ROOT, 'templates'), templates, { recursive: true });
    const incremental = config(dir, 'incremental', templates);
    const options = { inputs: [scraped], import: { prune: true } };
    // The builder kept in memory works as folio watch runs it: the search index follows the pages.
    const watching = { ...options, deferSearch: true };
    let builder = new Builder(incremental, silent, watching);
    const first = await builder.build();
    expect(first.import?.records).toBeGreaterThan(10);
    expect(await first.search).toBe(first.import?.records);

    const next = seededRandom(seed);
    let outcome: BuildOutcome = first;
    for (let n = 1; n <= (keeping === 'always' ? EVERY_KIND.length : 6); n++) {
      const step = steps(next, { scraped, content: incremental.content, templates }, n, keeping === 'always' ? EVERY_KIND[n - 1] : undefined);
      const touched = step.apply();
      const clean = config(dir, `clean-${n}`, templates);
      cpSync(incremental.content, clean.content, { recursive: true });
      // Odd steps: a builder kept in memory (watch); even steps: a new one with only the cache folder (build).
      if (keeping === 'alternate' && n % 2 === 0) builder = new Builder(incremental, silent, n === 6 ? watching : options);
      outcome = await builder.build({ paths: touched });
      await outcome.search;
      const expected = await new Builder(clean, silent, options).build();
      const label = `step ${n} (${step.name})`;
      expect(outcome.failed, label).toBe(expected.failed);
      expect(outcome.render?.pages, label).toBe(expected.render?.pages);
      expectSameTree(incremental.content, clean.content, label);
      expectSameTree(incremental.out, clean.out, label);
      rmSync(join(dir, `clean-${n}-content`), { recursive: true, force: true });
      rmSync(join(dir, `clean-${n}-dist`), { recursive: true, force: true });
      rmSync(join(dir, `clean-${n}-cache`), { recursive: true, force: true });
    }
  }, 300_000);
});

describe('what an incremental build skips', () => {
  it('parses only the changed page, renders only what changed, and does nothing when nothing changed', async () => {
    const { scraped, settings } = sampleSite('skips');
    const options = { inputs: [scraped] };
    const cold = await new Builder(settings, silent, options).build();
    expect(cold.import?.parsed).toBe(cold.import?.pages);

    // A new process with nothing changed: the fast path.
    const again = await new Builder(settings, silent, options).build();
    expect(again.upToDate).toBe(true);
    expect(again.render?.pages).toBe(cold.render?.pages);

    // One page edited: only it is parsed; a few pages are written, not the whole site.
    const page = htmlFiles(scraped).find((f) => f.includes('millbrookledger'))!;
    writeFileSync(page, readFileSync(page, 'utf8').replace('</p>', '</p><p>A correction was added to this story on Friday.</p>'));
    const builder = new Builder(settings, silent, options);
    const edited = await builder.build({ paths: [page] });
    expect(edited.upToDate).toBe(false);
    expect(edited.import?.parsed).toBe(1);
    expect(edited.import?.written).toBe(1);
    expect(edited.render!.written).toBeGreaterThan(0);
    expect(edited.render!.written).toBeLessThan(cold.render!.pages / 2);

    // The same builder again, nothing changed: nothing parsed, nothing written.
    const idle = await builder.build({ paths: [] });
    expect(idle.import?.parsed).toBe(0);
    expect(idle.import?.written).toBe(0);
    expect(idle.render?.written).toBe(0);

    // Another page edited, then the first again: each time the page the watcher names is parsed.
    const other = htmlFiles(scraped).find((f) => f.includes('Volunteers bring 1910'))!;
    for (const [n, file] of [other, page].entries()) {
      writeFileSync(file, readFileSync(file, 'utf8').replace('</p>', `</p><p>Second correction ${n}: the figures were confirmed on Monday.</p>`));
      const next = await builder.build({ paths: [file] });
      expect(next.import?.parsed, relative(scraped, file)).toBe(1);
      expect(next.import?.written, relative(scraped, file)).toBe(1);
    }
  }, 120_000);
});

describe('the snapshot a watching build leaves', () => {
  it('lets a later build take the fast path, and not over a page changed while the search index was made', async () => {
    const { scraped, settings } = sampleSite('snapshot-after-watch');
    const [first, second] = htmlFiles(scraped);
    const watching = new Builder(settings, silent, { inputs: [scraped], deferSearch: true });
    await (await watching.build()).search;
    writeFileSync(first!, readFileSync(first!, 'utf8').replace('</p>', '</p><p>A line added while the archive was watched.</p>'));
    await (await watching.build({ paths: [first!] })).search;
    // A new process, nothing changed since: the watcher's build left a snapshot good for the fast path.
    const again = await new Builder(settings, silent, { inputs: [scraped] }).build();
    expect(again.upToDate).toBe(true);

    writeFileSync(first!, readFileSync(first!, 'utf8').replace('</p>', '</p><p>Another line.</p>'));
    const edited = await watching.build({ paths: [first!] });
    // The page on disk, the index still being made: a page changes that the watcher has not reported yet.
    writeFileSync(second!, readFileSync(second!, 'utf8').replace('</p>', '</p><p>Changed before the snapshot was taken.</p>'));
    await edited.search;
    const later = await new Builder(settings, silent, { inputs: [scraped] }).build();
    expect(later.upToDate).toBe(false);
    expect(later.import?.parsed).toBe(1);
  }, 120_000);
});
