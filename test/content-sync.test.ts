// content/ is people's: a re-import never overwrites or deletes a record edited by hand (unless
// --force), removes records only when they were merged or --prune asks, and --dry-run writes nothing.

import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LEDGER_FILE, syncRecords } from '../src/content/index.ts';
import { recordTexts, serializeLedger, type Ledger, type SyncMemo } from '../src/content/sync.ts';
import { folio, imported, record, ROOT } from './helpers.ts';

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
});
