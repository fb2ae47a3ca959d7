// tokenize walks code points instead of matching TOKEN; both must give the same tokens for any text.

import { describe, expect, it } from 'vitest';
import { tokenize, TOKEN } from '../src/render/tokens.ts';

const byRegex = (text: string) => text.normalize('NFKC').toLowerCase().match(TOKEN) ?? [];

describe('tokenize', () => {
  it('gives what TOKEN matches for every code point, alone and in runs', () => {
    const chars: string[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) if (cp < 0xd800 || cp > 0xdfff) chars.push(String.fromCodePoint(cp));
    expect(tokenize(chars.join(''))).toEqual(byRegex(chars.join('')));
    expect(tokenize(chars.join(' '))).toEqual(byRegex(chars.join(' ')));
  }, 120_000);

  it('splits mixed scripts, marks, astral Han and lone surrogates as TOKEN does', () => {
    for (const text of ['abc中文def ＡＩ café e\u0301 ١٢٣ 한국어 カタカナ', 'x\ud800y \udc00z', '\ud83d\ude00a𠀀b𠀁', '']) {
      expect(tokenize(text)).toEqual(byRegex(text));
    }
    expect(tokenize('AI芯片 ＧＰＵ-chips')).toEqual(['ai', '芯', '片', 'gpu', 'chips']);
  });
});
