// An import stopped half-way (killed, or failing) leaves records it already wrote and the old
// ledger: the next import must recognise those writes as its own (the journal), not as hand edits.

import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JOURNAL_FILE, LEDGER_FILE, syncRecords } from '../src/content/sync.ts';
import { imported, record } from './helpers.ts';
import type { ArticleRecord } from '../src/model/index.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'folio-journal-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A sync that stops (as if killed) when it comes to the record `stopAt`, after writing the ones before it. */
async function interruptedSync(records: ArticleRecord[], stopAt: string): Promise<void> {
  const stop = async (r: ArticleRecord): Promise<string> => {
    if (r.slug === stopAt) throw new Error('stopped');
    return r.body;
  };
  await expect(syncRecords(dir, imported(...records), { resolveBody: stop })).rejects.toThrow('stopped');
}

describe('an interrupted import', () => {
  it('leaves a journal of its writes, and the next import takes them for its own', async () => {
    await syncRecords(dir, imported(record('a-story', 'First version.'), record('b-story', 'First version.')));
    const ledger = readFileSync(join(dir, LEDGER_FILE), 'utf8');

    await interruptedSync([record('a-story', 'Second version.'), record('b-story', 'Second version.')], 'b-story');
    expect(readFileSync(join(dir, 'a-story.md'), 'utf8')).toContain('Second version.');
    expect(readFileSync(join(dir, LEDGER_FILE), 'utf8')).toBe(ledger);
    expect(readdirSync(dir)).toContain(JOURNAL_FILE);

    // The pages changed again before the next import: a-story holds bytes the ledger never saw.
    const next = await syncRecords(dir, imported(record('a-story', 'Third version.'), record('b-story', 'Third version.')));
    expect(next.conflicts).toEqual([]);
    expect(next.written).toHaveLength(2);
    expect(readdirSync(dir)).not.toContain(JOURNAL_FILE);
  });

  it('still protects a record edited by hand after the interrupted import', async () => {
    await syncRecords(dir, imported(record('a-story', 'First version.')));
    await interruptedSync([record('a-story', 'Second version.'), record('z-story', 'New.')], 'z-story');
    writeFileSync(join(dir, 'a-story.md'), `${readFileSync(join(dir, 'a-story.md'), 'utf8')}\nAn editor's note.\n`);
    const next = await syncRecords(dir, imported(record('a-story', 'Third version.')));
    expect(next.conflicts.map((c) => c.problem)).toEqual(['edited since the last import']);
    expect(readFileSync(join(dir, 'a-story.md'), 'utf8')).toContain("An editor's note.");
  });
});

describe('an import whose ledger is left for later (folio watch writes it once the pages are live)', () => {
  it('writes the records at once and the ledger only in finish, with the journal vouching in between', async () => {
    await syncRecords(dir, imported(record('a-story', 'First version.')));
    const ledger = readFileSync(join(dir, LEDGER_FILE), 'utf8');

    const summary = await syncRecords(dir, imported(record('a-story', 'Second version.')), { deferLedger: true });
    expect(summary.written).toHaveLength(1);
    expect(readFileSync(join(dir, 'a-story.md'), 'utf8')).toContain('Second version.');
    expect(readFileSync(join(dir, LEDGER_FILE), 'utf8')).toBe(ledger);
    expect(readdirSync(dir)).toContain(JOURNAL_FILE);

    await summary.finish!();
    expect(readFileSync(join(dir, LEDGER_FILE), 'utf8')).not.toBe(ledger);
    expect(readdirSync(dir)).not.toContain(JOURNAL_FILE);
    const again = await syncRecords(dir, imported(record('a-story', 'Second version.')));
    expect(again).toMatchObject({ written: [], conflicts: [] });
  });

  it('loses nothing when the process stops before finish: the next import takes the record for its own', async () => {
    await syncRecords(dir, imported(record('a-story', 'First version.')));
    await syncRecords(dir, imported(record('a-story', 'Second version.')), { deferLedger: true });
    const next = await syncRecords(dir, imported(record('a-story', 'Third version.')));
    expect(next.conflicts).toEqual([]);
    expect(readFileSync(join(dir, 'a-story.md'), 'utf8')).toContain('Third version.');
  });
});
