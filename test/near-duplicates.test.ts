// The near-duplicate index kept between rebuilds (folio watch) must find exactly the pairs a
// fresh index finds on the same bodies, whatever was added, edited and removed before.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findNearDuplicates, NearDuplicateIndex } from '../src/normalize/index.ts';
import { tokens, type NearDuplicateMemory } from '../src/normalize/duplicates.ts';
import { seededRandom } from './helpers.ts';

const WORDS = 'harbour council budget river bridge school farmers rain market train station mayor vote tax road museum festival hospital nurses doctors league match coach season water power grid wind solar price bread'.split(' ');

function sentence(next: () => number): string {
  return Array.from({ length: 12 }, () => WORDS[Math.floor(next() * WORDS.length)]).join(' ');
}

/** A story, and re-posts of it: one sentence changed or added, or the text cut short. */
function variant(story: string[], next: () => number): string {
  const lines = [...story];
  const roll = next();
  if (roll < 0.3) lines[Math.floor(next() * lines.length)] = sentence(next);
  else if (roll < 0.6) lines.push(sentence(next));
  else if (roll < 0.8) lines.length = Math.max(1, lines.length - 2);
  return lines.join('\n');
}

describe('NearDuplicateIndex between rebuilds', () => {
  it('finds the same pairs as a fresh index after random additions, edits and removals', () => {
    for (const seed of [1, 2, 3]) {
      const next = seededRandom(seed);
      const stories = Array.from({ length: 6 }, () => Array.from({ length: 10 }, () => sentence(next)));
      const texts: string[] = Array.from({ length: 12 }, () => variant(stories[Math.floor(next() * stories.length)]!, next));
      const kept = new NearDuplicateIndex();
      let pairsSeen = 0;
      for (let step = 0; step < 40; step++) {
        const roll = next();
        const at = Math.floor(next() * texts.length);
        const story = stories[Math.floor(next() * stories.length)]!;
        if (roll < 0.35) texts.splice(at, 0, variant(story, next));
        else if (roll < 0.6 && texts.length > 2) texts.splice(at, 1);
        else if (roll < 0.8) texts[at] = variant(story, next);
        else texts.push(texts[at]!); // the same body twice (a page saved twice)
        const pairs = kept.update(texts);
        expect(pairs, `seed ${seed}, step ${step}`).toEqual(findNearDuplicates(texts));
        pairsSeen += pairs.length;
      }
      expect(pairsSeen).toBeGreaterThan(0);
    }
  });

  it('finds the same pairs when some bodies were hashed ahead (prepare), and ones prepared but never added change nothing', () => {
    for (const seed of [4, 5]) {
      const next = seededRandom(seed);
      const stories = Array.from({ length: 5 }, () => Array.from({ length: 10 }, () => sentence(next)));
      const kept = new NearDuplicateIndex();
      let texts: string[] = [];
      let pairsSeen = 0;
      for (let step = 0; step < 10; step++) {
        texts = [...texts.filter(() => next() < 0.8), ...Array.from({ length: 6 }, () => variant(stories[Math.floor(next() * stories.length)]!, next))];
        for (const text of texts) if (next() < 0.6) kept.prepare(text);
        kept.prepare(variant(stories[0]!, next)); // never added
        const pairs = kept.update(texts);
        expect(pairs, `seed ${seed}, step ${step}`).toEqual(findNearDuplicates(texts));
        pairsSeen += pairs.length;
      }
      expect(pairsSeen).toBeGreaterThan(0);
    }
  });

  it('forgets a body that is gone: its pairs do not come back with a different body at its index', () => {
    const story = Array.from({ length: 10 }, (_, i) => `${WORDS.slice(i, i + 12).join(' ')} ${i}`);
    const index = new NearDuplicateIndex();
    expect(index.update([story.join('\n'), `${story.join('\n')}\nextra line of the re-post`]).map((p) => [p.a, p.b])).toEqual([[0, 1]]);
    expect(index.update([story.join('\n'), 'an unrelated short note'])).toEqual([]);
  });
});

describe('NearDuplicateIndex recalled in a later process', () => {
  const story = Array.from({ length: 10 }, (_, i) => `${WORDS.slice(i, i + 12).join(' ')} ${i}`).join('\n');

  it('finds the pairs a fresh index finds, starting from what an index of other bodies knew', () => {
    for (const seed of [6, 7, 8]) {
      const next = seededRandom(seed);
      const stories = Array.from({ length: 5 }, () => Array.from({ length: 10 }, () => sentence(next)));
      const some = (count: number) => Array.from({ length: count }, () => variant(stories[Math.floor(next() * stories.length)]!, next));
      const earlierTexts = some(20);
      const earlier = new NearDuplicateIndex();
      earlier.update(earlierTexts);
      // As the cache gives it back.
      const memory = JSON.parse(JSON.stringify(earlier.remember())) as NearDuplicateMemory;
      const recalled = new NearDuplicateIndex();
      recalled.recall(memory);
      let texts = [...earlierTexts.filter(() => next() < 0.7), ...some(8)];
      let pairsSeen = 0;
      for (let step = 0; step < 6; step++) {
        const pairs = recalled.update(texts);
        expect(pairs, `seed ${seed}, step ${step}`).toEqual(findNearDuplicates(texts));
        pairsSeen += pairs.length;
        texts = [...texts.filter(() => next() < 0.8), ...some(3), ...earlierTexts.filter(() => next() < 0.2)];
      }
      expect(pairsSeen).toBeGreaterThan(0);
    }
  });

  it('takes the pairs of two bodies it recalls from memory, and compares a new body', () => {
    const repost = `${story}\nextra line of the re-post`;
    const earlier = new NearDuplicateIndex();
    expect(earlier.update([story, repost]).map((p) => [p.a, p.b])).toEqual([[0, 1]]);
    // A memory that says the two are not near duplicates: the recalled index does not compare them again.
    const memory = earlier.remember()!;
    for (const body of memory.bodies) body[2] = [];
    const recalled = new NearDuplicateIndex();
    recalled.recall(memory);
    expect(recalled.update([story, repost])).toEqual([]);
    const another = `${story}\nanother line of another re-post`;
    expect(recalled.update([story, repost, another]).map((p) => [p.a, p.b])).toEqual([[0, 2], [1, 2]]);
  });

  it('has nothing new to remember until it hashes, compares or drops a body', () => {
    const earlier = new NearDuplicateIndex();
    earlier.update([story, 'a short note']);
    const recalled = new NearDuplicateIndex();
    recalled.recall(earlier.remember()!);
    recalled.update([story, 'a short note']);
    expect(recalled.remember()).toBeNull();
    recalled.update([story]);
    expect(recalled.remember()!.bodies.map(([hash]) => hash)).toEqual([earlier.remember()!.bodies[0]![0]]);
  });
});

describe('the words bodies are compared by', () => {
  // What the table of character classes must give: a CJK character alone, else a run of letters, digits and _.
  const WORD = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]|[\p{L}\p{N}_]+/gu;
  const expected = (text: string) => text.normalize('NFKC').toLowerCase().match(WORD) ?? [];

  it('are the words of the regex, in mixed scripts, astral characters and lone surrogates', () => {
    const samples = ['abc中文字def 123_x', 'ＡＢＣ ｶﾀｶﾅ 한국어', '😀a😀 𠀀𠀁b', 'Ⅻ ⺀⺁ 〇一二 々x', 'end\ud800', '\udc00lone\ud83d', 'Straße İstanbul ǅ'];
    for (const text of samples) expect(tokens(text), text).toEqual(expected(text));
    const pieces = fc.constantFrom('a', 'Z', '_', '9', ' ', '中', 'か', 'カ', '한', '⺀', '〇', 'ǅ', 'İ', '😀', '𠀀', '\ud800', '\udc00', '-', 'ｶ', '١');
    fc.assert(fc.property(fc.array(fc.oneof(pieces, fc.string({ unit: 'binary', maxLength: 3 })), { maxLength: 30 }), (parts) => {
      const text = parts.join('');
      expect(tokens(text)).toEqual(expected(text));
    }), { numRuns: 2000 });
  });
});
