// No regular expression of the parser backtracks catastrophically: every regex literal (and
// RegExp built from a template) in src/parse is run on long strings made of the characters that
// trip such patterns (whitespace runs, digits, letters, CJK, punctuation), with and without a
// character that makes the match fail at the end. A linear pattern takes well under a
// millisecond on 20,000 characters; a quadratic one, about a second.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.ts';

const DIR = join(ROOT, 'src/parse');
const LENGTH = 20_000;
/** Generous against a loaded machine: a linear pattern takes under a millisecond here, the quadratic ones fixed took 0.5-8 s. */
const LIMIT_MS = 150;
const RUNS = [' ', '\u3000', '\u00a0', ' \n', 'a', 'a ', '1', '12:', '2025-', '中', '年1', '<a ', '&#', ': ', 'By ', ', ', '-'];
const ENDS = ['', '\u0000', '。', '!'];

/** Regex literals (after an operator or `return`) and `new RegExp(\`…\`)` templates without substitutions. */
function regexesIn(source: string): { source: string; flags: string }[] {
  const out: { source: string; flags: string }[] = [];
  const literal = /(?<=[=(,:[!&|?{]\s*|return\s+)\/((?:\\.|\[(?:\\.|[^\]\\\n])*\]|[^/\\\n[])+)\/([dgimsuyv]*)/g;
  for (const m of source.matchAll(literal)) out.push({ source: m[1]!, flags: m[2]! });
  for (const m of source.matchAll(/new RegExp\(`([^`$]*)`(?:,\s*'([a-z]*)')?/g)) out.push({ source: m[1]!.replace(/\\\\/g, '\\'), flags: m[2] ?? '' });
  return out.filter((r) => {
    try {
      new RegExp(r.source, r.flags);
      return true;
    } catch {
      return false; // a division or a comment, not a regex
    }
  });
}

function timed(run: () => unknown): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

const patterns = readdirSync(DIR).filter((f) => f.endsWith('.ts')).sort().flatMap((file) => regexesIn(readFileSync(join(DIR, file), 'utf8')).map((r) => ({ file, ...r })));

describe('regular expressions in src/parse', () => {
  it('are found (the scan works)', () => {
    expect(patterns.length).toBeGreaterThan(150);
  });

  it('run in linear time on long adversarial strings', () => {
    const slow: string[] = [];
    for (const { file, source, flags } of patterns) {
      const re = new RegExp(source, flags.includes('g') ? flags : `${flags}g`);
      for (const run of RUNS) {
        for (const end of ENDS) {
          const input = run.repeat(Math.ceil(LENGTH / run.length)) + end;
          // A slow run is timed again: a pause of the machine does not repeat, quadratic time does.
          const ms = timed(() => input.replace(re, ''));
          if (ms <= LIMIT_MS) continue;
          const again = timed(() => input.replace(re, ''));
          if (again > LIMIT_MS) slow.push(`${file}: /${source.slice(0, 80)}/ took ${Math.min(ms, again).toFixed(0)} ms on ${JSON.stringify(run)} × ${LENGTH / run.length} + ${JSON.stringify(end)}`);
        }
      }
    }
    expect(slow).toEqual([]);
  }, 120_000);
});
