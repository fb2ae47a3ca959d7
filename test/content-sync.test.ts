// content/ is people's: a re-import never overwrites or deletes a record edited by hand (unless
// --force), removes records only when they were merged or --prune asks, and --dry-run writes nothing.

import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LEDGER_FILE, syncRecords } from '../src/content/index.ts';
import { recordTexts, serializeLedger, type Ledger, type SyncMemo } from '../src/content/sync.ts';
import { FileStamps } from '../src/build/stamps.ts';
import type { ArticleRecord } from '../src/model/index.ts';
import { folio, imported, record, ROOT, seededRandom } from './helpers.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'folio-sync-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const file = (slug: string) => join(dir, `${slug}.md`);
const names = () => readdirSync(dir).sort();

describe('the ledger', () => {
  it('is written piece by piece exactly as JSON.stringify writes it, entries reused or not', () => {
    const shared = { sha256: 'a'.repeat(64), pages: ['news.example/one', 'news.example/二'] };
    const ledgers: Ledger[] = [
      {},
      { 'b-story.md': shared, 'a "quoted" story.md': { sha256: 'b'.repeat(64), pages: [] } },
      // The same entry objects again, one replaced, one added, with a field an older version may have left.
      { 'b-story.md': shared, 'c.md': { sha256: 'c'.repeat(64), pages: ['x'], old: true } as never, 'é-story.md': { sha256: 'd'.repeat(64), pages: ['y', 'z'] } },
    ];
    for (const ledger of ledgers) {
      const names = Object.keys(ledger).sort();
      const text = serializeLedger(ledger, names);
      const sorted = Object.fromEntries(names.map((name) => [name, ledger[name]]));
      expect(text).toBe(`${JSON.stringify({ note: JSON.parse(text).note, records: sorted }, null, 2)}\n`);
    }
  });
});

describe('syncRecords', () => {
  it('writes new records and a ledger, then writes nothing the second time', async () => {
    const first = await syncRecords(dir, imported(record('river-report', 'The river rose.'), record('bridge-vote', 'The vote passed.')));
    expect(first.written).toHaveLength(2);
    expect(names()).toEqual([LEDGER_FILE, 'bridge-vote.md', 'river-report.md']);
    const second = await syncRecords(dir, imported(record('river-report', 'The river rose.'), record('bridge-vote', 'The vote passed.')));
    expect(second.written).toEqual([]);
    expect(second.unchanged).toHaveLength(2);
  });

  it('keeps a hand-edited record and reports it; --force replaces it', async () => {
    await syncRecords(dir, imported(record('river-report', 'The river rose.')));
    const edited = readFileSync(file('river-report'), 'utf8').replace('The river rose.', 'The river rose two metres (corrected by hand).');
    writeFileSync(file('river-report'), edited);

    const again = await syncRecords(dir, imported(record('river-report', 'The river rose overnight.')));
    expect(again.conflicts).toEqual([{ file: file('river-report'), problem: 'edited since the last import' }]);
    expect(readFileSync(file('river-report'), 'utf8')).toBe(edited);

    const forced = await syncRecords(dir, imported(record('river-report', 'The river rose overnight.')), { force: true });
    expect(forced.written).toEqual([file('river-report')]);
    expect(readFileSync(file('river-report'), 'utf8')).toContain('The river rose overnight.');
  });

  it('does not overwrite a record import never wrote', async () => {
    writeFileSync(file('river-report'), '---\ntitle: My own notes\nslug: river-report\n---\n\nMine.\n');
    const result = await syncRecords(dir, imported(record('river-report', 'The river rose.')));
    expect(result.conflicts[0]!.problem).toBe('not written by folio import');
    expect(readFileSync(file('river-report'), 'utf8')).toContain('Mine.');
  });

  it('keeps records whose pages are gone unless --prune, and never prunes an edited one', async () => {
    await syncRecords(dir, imported(record('river-report', 'The river rose.'), record('bridge-vote', 'The vote passed.'), record('school-fair', 'The fair opened.')));
    writeFileSync(file('school-fair'), `${readFileSync(file('school-fair'), 'utf8')}\nA note added by hand.\n`);

    const kept = await syncRecords(dir, imported(record('river-report', 'The river rose.')));
    expect(kept.kept.sort()).toEqual([file('bridge-vote'), file('school-fair')]);
    expect(names()).toContain('bridge-vote.md');

    const pruned = await syncRecords(dir, imported(record('river-report', 'The river rose.')), { prune: true });
    expect(pruned.removed).toEqual([file('bridge-vote')]);
    expect(pruned.conflicts.map((c) => c.file)).toEqual([file('school-fair')]);
    expect(names()).toEqual([LEDGER_FILE, 'river-report.md', 'school-fair.md']);
  });

  it('removes a record whose pages were merged into another one, without --prune', async () => {
    await syncRecords(dir, [
      { record: record('river-report', 'The river rose.'), pages: ['post.example/river-report'] },
      { record: record('river-report-copy', 'The river rose.'), pages: ['copies.example/river'] },
    ]);
    const merged = await syncRecords(dir, [{ record: record('river-report', 'The river rose.'), pages: ['post.example/river-report', 'copies.example/river'] }]);
    expect(merged.removed).toEqual([file('river-report-copy')]);
    expect(names()).toEqual([LEDGER_FILE, 'river-report.md']);
  });

  it('writes and removes nothing in a dry run', async () => {
    await syncRecords(dir, imported(record('river-report', 'The river rose.')));
    const before = names().map((n) => readFileSync(join(dir, n), 'utf8'));
    const dry = await syncRecords(dir, imported(record('river-report', 'The river fell.'), record('new-one', 'New.')), { dryRun: true, prune: true });
    expect(dry.written).toHaveLength(2);
    expect(names().map((n) => readFileSync(join(dir, n), 'utf8'))).toEqual(before);
  });
});

describe('folio import keeps hand edits', () => {
  it('reports the conflict in one line and leaves the file; --force overwrites', async () => {
    const content = join(dir, 'content');
    const sample = join(ROOT, 'examples/scraped/www.yzxww.cn');
    expect((await folio(['import', sample, '--content', content, '-q'])).code).toBe(0);
    const name = readdirSync(content).find((n) => n.endsWith('.md'))!;
    const edited = `${readFileSync(join(content, name), 'utf8')}\n编者按：此处为手工补充的说明。\n`;
    writeFileSync(join(content, name), edited);

    const again = await folio(['import', sample, '--content', content]);
    expect(again.code).toBe(0);
    expect(again.stderr.split('\n').filter((l) => l.includes(name))).toEqual([
      `  ✗ ${join(content, name)}: edited since the last import; kept as it is; run import with --force to replace it with the imported page`,
    ]);
    expect(again.stderr).toMatch(/1 conflict,/);
    expect(readFileSync(join(content, name), 'utf8')).toBe(edited);

    const forced = await folio(['import', sample, '--content', content, '--force']);
    expect(forced.stderr).toMatch(/1 written/);
    expect(readFileSync(join(content, name), 'utf8')).not.toContain('手工补充');
  }, 60_000);
});

describe('what an earlier process found record keys serialize to', () => {
  const fileHash = async (path: string) => {
    try {
      return createHash('sha256').update(readFileSync(path)).digest('hex');
    } catch {
      return null;
    }
  };

  it('finds a record unchanged by its file\'s hash alone, and decides the others as before', async () => {
    let resolved = 0;
    const resolveBody = async ({ body }: { body: string }) => {
      resolved++;
      return body;
    };
    const first: SyncMemo = { files: new Map(), fileHash };
    await syncRecords(dir, imported(record('river-report', 'The river rose.'), record('bridge-vote', 'The vote passed.'), record('school-fair', 'The fair opened.')), { memo: first, resolveBody });
    expect(resolved).toBe(3);

    // A later process: nothing but what the first found. One record edited by hand, one changed by the import.
    writeFileSync(file('bridge-vote'), readFileSync(file('bridge-vote'), 'utf8').replace('The vote passed.', 'The vote passed (by hand).'));
    const later: SyncMemo = { files: new Map(), fileHash, texts: new Map(recordTexts(first)) };
    resolved = 0;
    const summary = await syncRecords(dir, imported(record('river-report', 'The river rose.'), record('bridge-vote', 'The vote passed.'), record('school-fair', 'The fair opened late.')), { memo: later, resolveBody });
    // Only the two whose files are not what the earlier process found were serialized.
    expect(resolved).toBe(2);
    expect(summary.unchanged).toEqual(expect.arrayContaining([file('river-report')]));
    expect(summary.conflicts).toEqual([{ file: file('bridge-vote'), problem: 'edited since the last import' }]);
    expect(summary.written).toEqual([file('school-fair')]);
    expect(readFileSync(file('school-fair'), 'utf8')).toContain('The fair opened late.');
    expect(later.texts).toBeUndefined();
  });

  it('tells a record merged into another from one whose pages are gone when it decides only what changed', async () => {
    const stamps = new FileStamps();
    const memo: SyncMemo = { files: new Map(), fileHash: async (path) => (await stamps.hash(path))?.sha256 ?? null, trustedHash: (path) => stamps.trustedHash(path), stamps };
    const others = Array.from({ length: 6 }, (_, n) => ({ record: record(`story-${n}`, `Text ${n}.`), pages: [`/pages/story-${n}.html`] }));
    const river = { record: record('river-report', 'The river rose.'), pages: ['/pages/river.html'] };
    const copy = { record: record('river-report-copy', 'The river rose!'), pages: ['/pages/river-copy.html'] };
    const first = await syncRecords(dir, [...others, river, copy], { memo, prune: true });
    for (const path of first.written) await stamps.wrote(path, memo.files.get(path.slice(dir.length + 1))!.sha256);
    await stamps.wrote(join(dir, LEDGER_FILE), memo.ledger!.sha256);
    // The copy, edited by hand, is merged into the report: kept, as a merged record edited since.
    writeFileSync(file('river-report-copy'), `${readFileSync(file('river-report-copy'), 'utf8')}\nA note by hand.\n`);
    stamps.trustAllBut([file('river-report-copy')]);
    const merged = await syncRecords(dir, [...others, { record: river.record, pages: [...river.pages, ...copy.pages] }], { memo, prune: true });
    expect(merged.conflicts).toEqual([{ file: file('river-report-copy'), problem: 'merged into another record, but edited since the last import' }]);
    expect(merged.unchanged).toContain(file('river-report'));
  });

  it('decides only the records that changed, came or went when a watcher vouches for the rest, as a sync without memory does', async () => {
    // The kept sync runs in `dir` as a watch rebuild runs it (its own writes stamped, the watcher's
    // list trusted); a sync that remembers nothing runs the same steps in `plain`.
    const plain = mkdtempSync(join(tmpdir(), 'folio-sync-plain-'));
    try {
      for (const seed of [1, 2]) {
        for (const folder of [dir, plain]) rmSync(folder, { recursive: true, force: true });
        const next = seededRandom(seed);
        const stamps = new FileStamps();
        let vouched = 0;
        const memo: SyncMemo = {
          files: new Map(),
          fileHash: async (path) => (await stamps.hash(path))?.sha256 ?? null,
          trustedHash: (path) => {
            vouched++;
            return stamps.trustedHash(path);
          },
          stamps,
        };
        let made = 0;
        let records = Array.from({ length: 30 }, () => record(`story-${made++}`, `Text ${made}.`));
        const summaries = (summary: Awaited<ReturnType<typeof syncRecords>>, folder: string) =>
          Object.fromEntries(Object.entries(summary).filter(([, list]) => Array.isArray(list)).map(([key, list]) => [key, (list as (string | { file: string; problem: string })[]).map((item) => (typeof item === 'string' ? item : `${item.file} ${item.problem}`).replaceAll(folder, '')).sort()]));
        const tree = (folder: string) => readdirSync(folder).filter((name) => !name.startsWith('.folio-journal')).sort().map((name) => [name, readFileSync(join(folder, name), 'utf8')]);
        let quickSteps = 0;
        const pagesOf = new WeakMap<ArticleRecord, string[]>();
        const edited = new Set<string>();
        for (let step = 0; step < 30; step++) {
          const handEdited: string[] = [];
          for (let n = 1 + Math.floor(next() * 3); n > 0; n--) {
            const roll = next();
            const at = Math.floor(next() * records.length);
            if (roll < 0.3) records.splice(at, 0, record(`story-${made++}`, `Text ${made}, new at step ${step}.`));
            // (A record edited by hand and then gone stays in conflict, and every later sync decides every record.)
            else if (roll < 0.55 && records.length > 5 && !edited.has(records[at]!.slug)) records.splice(at, 1);
            else if (roll < 0.8) records[at] = record(records[at]!.slug, `Text rewritten at step ${step}.`);
            else if (step > 0) {
              // A record edited by hand in both folders: a conflict, reported the same way.
              const name = `${records[at]!.slug}.md`;
              for (const folder of [dir, plain]) writeFileSync(join(folder, name), `${readFileSync(join(folder, name), 'utf8')}\nA note by hand (${step}).\n`);
              handEdited.push(join(dir, name));
              edited.add(records[at]!.slug);
            }
          }
          records.sort((a, b) => (a.slug < b.slug ? -1 : 1));
          // The same record and pages objects again for a record that did not change, as the normalizer gives them.
          const given = records.map((one) => ({ record: one, pages: pagesOf.get(one) ?? pagesOf.set(one, [`/pages/${one.slug}.html`]).get(one)! }));
          if (step > 0) stamps.trustAllBut(handEdited);
          vouched = 0;
          const kept = await syncRecords(dir, given, { memo, prune: true });
          const fresh = await syncRecords(plain, given.map((one) => ({ ...one })), { prune: true });
          expect(summaries(kept, dir), `seed ${seed}, step ${step}`).toEqual(summaries(fresh, plain));
          expect(tree(dir), `seed ${seed}, step ${step}`).toEqual(tree(plain));
          // It remembers only records it was given, as a sync that decides every record does.
          const givenNames = new Set(records.map((one) => `${one.slug}.md`));
          expect([...memo.files.keys()].filter((name) => !givenNames.has(name)), `seed ${seed}, step ${step}`).toEqual([]);
          // Its own writes, stamped as a watch rebuild stamps them.
          for (const path of kept.removed) stamps.forget(path);
          for (const path of kept.written) await stamps.wrote(path, memo.files.get(path.slice(dir.length + 1))!.sha256);
          if (memo.ledger) await stamps.wrote(join(dir, LEDGER_FILE), memo.ledger.sha256);
          // Without a look at each record's file: only those named, written or in conflict were asked about.
          if (step > 0 && vouched <= kept.conflicts.length + 4) quickSteps++;
        }
        expect(quickSteps, `seed ${seed}`).toBeGreaterThan(15);
      }
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
  });
});
