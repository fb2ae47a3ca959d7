// A record's summary: the body's opening sentences, cut at a sentence end near a length budget.

import { cjkCount } from '../parse/text.ts';

/** About two lines of a listing: 120 characters of Chinese or 220 of English. */
export const SUMMARY_CJK_CHARS = 120;
export const SUMMARY_LATIN_CHARS = 220;

export function summarize(text: string): string {
  const paragraphs = text.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
  const first = paragraphs.find((p) => p.length >= 20) ?? paragraphs[0] ?? '';
  const budget = cjkCount(first) > first.length / 3 ? SUMMARY_CJK_CHARS : SUMMARY_LATIN_CHARS;
  if (first.length <= budget) return first;
  const cut = first.slice(0, budget);
  const sentenceEnd = Math.max(cut.lastIndexOf('。'), cut.lastIndexOf('！'), cut.lastIndexOf('？'), cut.lastIndexOf('. '));
  if (sentenceEnd > budget / 2) return cut.slice(0, sentenceEnd + 1).trim();
  const wordEnd = cut.lastIndexOf(' ');
  return (wordEnd > budget / 2 && cjkCount(cut) < cut.length / 3 ? cut.slice(0, wordEnd) : cut).trim() + '…';
}
