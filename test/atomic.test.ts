// A build killed at any moment leaves dist/ as the previous build left it or as the new build
// finishes it, never a mix, and every record in content/ whole (its old bytes or its new ones);
// the next build then completes without taking the killed build's writes for hand edits.

import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readRecords } from '../src/content/index.ts';
import { fileTree, folio, ROOT } from './helpers.ts';

const work = mkdtempSync(join(tmpdir(), 'folio-atomic-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function sameTree(a: Map<string, string>, b: Map<string, string>): boolean {
  return a.size === b.size && [...a].every(([file, bytes]) => b.get(file) === bytes);
}

/** Start a build and SIGKILL it after `delayMs`; resolves when it is gone. */
function killedBuild(args: string[], delayMs: number): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/folio.js'), ...args], { stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

describe('a build killed at random points', () => {
  it('leaves dist/ old or new and every record whole; the next build completes with no false conflict', async () => {
    const scraped = join(work, 'scraped');
    const templates = join(work, 'templates');
    cpSync(join(ROOT, 'examples/scraped'), scraped, { recursive: true });
    cpSync(join(ROOT, 'templates'), templates, { recursive: true });
    const args = (name: string) => ['build', scraped, '--content', join(work, `${name}-content`), '--out', join(work, `${name}-dist`), '--templates', templates, '--no-cache', '-q'];

    // The previous version.
    expect((await folio(args('old'))).code).toBe(0);
    const old = { content: fileTree(join(work, 'old-content')), dist: fileTree(join(work, 'old-dist')) };

    // What changes: every page (a template), and one scraped page (so records are rewritten too).
    writeFileSync(join(templates, 'layout.liquid'), `${readFileSync(join(templates, 'layout.liquid'), 'utf8')}\n<!-- new version -->\n`);
    const page = join(scraped, 'www.linxinews.com/content_6628875.htm');
    writeFileSync(page, readFileSync(page, 'latin1').replace('</p>', '</p><p>Correction: the figures were revised on Monday.</p>'), 'latin1');

    // The new version, built from the old one without interruption.
    cpSync(join(work, 'old-content'), join(work, 'new-content'), { recursive: true });
    cpSync(join(work, 'old-dist'), join(work, 'new-dist'), { recursive: true });
    const started = performance.now();
    expect((await folio(args('new'))).code).toBe(0);
    const buildMs = performance.now() - started;
    const fresh = { content: fileTree(join(work, 'new-content')), dist: fileTree(join(work, 'new-dist')) };
    expect(sameTree(fresh.dist, old.dist)).toBe(false);
    expect(sameTree(fresh.content, old.content)).toBe(false);

    const outcomes: string[] = [];
    for (let run = 0; run < 6; run++) {
      const name = `killed-${run}`;
      cpSync(join(work, 'old-content'), join(work, `${name}-content`), { recursive: true });
      cpSync(join(work, 'old-dist'), join(work, `${name}-dist`), { recursive: true });
      // Spread over the whole build: from start-up to the swap at the end.
      const delay = Math.round(buildMs * (0.15 + (0.85 * run) / 5));
      await killedBuild(args(name), delay);

      const dist = fileTree(join(work, `${name}-dist`));
      const isOld = sameTree(dist, old.dist);
      expect(isOld || sameTree(dist, fresh.dist), `run ${run} (killed after ${delay} ms): dist/ is neither the old nor the new site`).toBe(true);
      outcomes.push(isOld ? 'old' : 'new');
      const content = fileTree(join(work, `${name}-content`));
      for (const [file, bytes] of content) {
        if (!file.endsWith('.md')) continue;
        expect(bytes === old.content.get(file) || bytes === fresh.content.get(file), `run ${run}: ${file} is whole`).toBe(true);
      }
      const { problems } = await readRecords(join(work, `${name}-content`));
      expect(problems).toEqual([]);

      // Building again finishes the job: the new version, and no record taken for a hand edit.
      const again = await folio(args(name).filter((arg) => arg !== '-q'));
      expect(again.code, again.stderr).toBe(0);
      expect(again.stderr).not.toMatch(/edited since the last import|not written by folio import/);
      expect(sameTree(fileTree(join(work, `${name}-dist`)), fresh.dist), `run ${run}: dist/ after the next build`).toBe(true);
      const after = fileTree(join(work, `${name}-content`));
      expect([...after.keys()].sort()).toEqual([...fresh.content.keys()].sort());
      for (const [file, bytes] of fresh.content) expect(after.get(file) === bytes, `run ${run}: ${file} after the next build`).toBe(true);
      // Nothing is left beside dist/ by the killed build once the next one has run.
      expect(readdirSync(work).filter((f) => f.startsWith(`.${name}-dist.`))).toEqual([]);
    }
    // Not asserted (timing decides), but worth seeing when the test is run by hand.
    console.info(`killed builds left: ${outcomes.join(', ')}`);
  }, 400_000);
});
