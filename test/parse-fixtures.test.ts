// Fixture pages written for the project: test/fixtures/parse/<case>/{source.html, expected.json}.
// expected.json lists the fields to check; `text_includes` / `text_excludes` check the body text.
// UPDATE=1 rewrites the listed fields of expected.json from the current parser output.

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePage } from '../src/parse/index.ts';

const root = join(import.meta.dirname, 'fixtures/parse');
const cases = readdirSync(root).sort();

describe.each(cases)('parse fixture %s', (name) => {
  const dir = join(root, name);
  const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Record<string, unknown>;
  const page = parsePage(readFileSync(join(dir, 'source.html')), { file: `${name}/source.html`, crawledAt: (expected['crawled_at_option'] as string) ?? null });
  const actual = page as unknown as Record<string, unknown>;

  if (process.env['UPDATE']) {
    for (const key of Object.keys(expected)) if (key in actual) expected[key] = actual[key];
    writeFileSync(join(dir, 'expected.json'), `${JSON.stringify(expected, null, 2)}\n`);
  }

  it('parses without error', () => {
    expect(page.error).toBeUndefined();
    expect(page.ok).toBe(true);
  });

  const fields = Object.keys(expected).filter((k) => !k.startsWith('text_') && !k.startsWith('markdown_') && k !== 'crawled_at_option');
  it.each(fields)('%s', (field) => {
    expect(actual[field], `field "${field}"`).toEqual(expected[field]);
  });

  for (const snippet of (expected['text_includes'] as string[] | undefined) ?? []) {
    it(`body keeps "${snippet.slice(0, 20)}"`, () => expect(page.text).toContain(snippet));
  }
  for (const snippet of (expected['markdown_includes'] as string[] | undefined) ?? []) {
    it(`markdown has ${JSON.stringify(snippet.slice(0, 24))}`, () => expect(page.markdown).toContain(snippet));
  }
  for (const snippet of (expected['text_excludes'] as string[] | undefined) ?? []) {
    it(`body drops "${snippet.slice(0, 20)}"`, () => expect(page.text).not.toContain(snippet));
  }
});
