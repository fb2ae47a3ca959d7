import { describe, expect, it } from 'vitest';
import { bodyText, METRICS, type Gold, type Prediction } from '../scripts/eval/metrics.ts';
import { bylineToAuthors, normalizeReadabilityDate } from '../scripts/eval/readability.ts';
import {
  aggregateBody,
  aggregateSnippets,
  authorsEqual,
  bodyCounts,
  datesEqual,
  matchShingles,
  median,
  normTitle,
  normUrl,
  parseIsoDate,
  setF1,
  shingles,
  snippetCounts,
  titlesEqual,
  tokenize,
  urlSet,
} from '../scripts/eval/score.ts';

describe('tokenize', () => {
  it('splits Han characters one by one and keeps Latin/digit runs whole', () => {
    expect(tokenize('东港队5比4胜出 iPhone15 发布')).toEqual([
      '东', '港', '队', '5', '比', '4', '胜', '出', 'iphone15', '发', '布',
    ]);
  });

  it('treats Kana and Hangul characters as single tokens too', () => {
    expect(tokenize('コミュニティーバス')).toEqual(['コ', 'ミ', 'ュ', 'ニ', 'テ', 'ィ', 'ー', 'バ', 'ス']);
    expect(tokenize('서울 뉴스')).toEqual(['서', '울', '뉴', '스']);
  });

  it('applies NFKC and lower-case: full-width letters and digits become ASCII', () => {
    expect(tokenize('ＡＢＣ１２３　Ｔｅｓｔ')).toEqual(['abc123', 'test']);
    // half-width katakana compose to full-width
    expect(tokenize('ｶﾞ')).toEqual(['ガ']);
  });

  it('drops punctuation and keeps underscores and accented letters inside words', () => {
    expect(tokenize('“Don’t stop,” said Zoë — snake_case!')).toEqual([
      'don', 't', 'stop', 'said', 'zoë', 'snake_case',
    ]);
    expect(tokenize('Cafe\u0301 Straße')).toEqual(['café', 'straße']);
  });

  it('returns [] for empty input', () => {
    expect(tokenize('')).toEqual([]);
    expect(tokenize(null)).toEqual([]);
    expect(tokenize(' ，。 ')).toEqual([]);
  });
});

describe('shingles', () => {
  it('counts 4-token shingles as a multiset', () => {
    const s = shingles(['a', 'b', 'c', 'd', 'a', 'b', 'c', 'd']);
    expect(s.size).toBe(4);
    expect(s.get(['a', 'b', 'c', 'd'].join('\u0001'))).toBe(2);
    expect([...s.values()].reduce((a, b) => a + b)).toBe(5);
  });

  it('makes one short shingle from fewer than 4 tokens and none from no tokens', () => {
    expect([...shingles(['x', 'y']).entries()]).toEqual([['x\u0001y', 1]]);
    expect(shingles([]).size).toBe(0);
  });

  it('matches multisets: duplicates beyond the gold count are false positives', () => {
    const gold = new Map([['a', 1], ['b', 2]]);
    const pred = new Map([['a', 3], ['c', 1]]);
    expect(matchShingles(gold, pred)).toEqual({ tp: 1, fp: 3, fn: 2 });
  });
});

describe('body scoring (article-extraction-benchmark method)', () => {
  it('normalises TP/FP/FN of a page by their sum', () => {
    // gold: 6 tokens → 3 shingles; pred: first 5 tokens + 1 other → 3 shingles, 2 shared
    const c = bodyCounts('one two three four five six', 'one two three four five seven');
    expect(c.tp).toBeCloseTo(2 / 4);
    expect(c.fp).toBeCloseTo(1 / 4);
    expect(c.fn).toBeCloseTo(1 / 4);
  });

  it('is 1/1 for identical text regardless of whitespace, case and punctuation', () => {
    const c = bodyCounts('Hello, World!\nThis is it.', 'hello world this   is IT');
    expect(c).toEqual({ tp: 1, fp: 0, fn: 0 });
    expect(aggregateBody([c])).toEqual({ precision: 1, recall: 1, f1: 1 });
  });

  it('works on Chinese text without spaces', () => {
    const c = bodyCounts('记者日前从市里获悉', '记者日前从市里获悉。编辑：某人');
    // gold 9 chars → 6 shingles, all found; pred adds 4 more tokens → 4 extra shingles
    expect(c.tp).toBeCloseTo(6 / 10);
    expect(c.fp).toBeCloseTo(4 / 10);
    expect(c.fn).toBe(0);
  });

  it('averages P over non-empty predictions and R over non-empty golds, then F1', () => {
    const pages = [
      { tp: 0.5, fp: 0.5, fn: 0 }, // P 0.5, R 1
      { tp: 0, fp: 0, fn: 1 }, // empty prediction: R 0, not in P
      { tp: 0, fp: 0, fn: 0 }, // both empty: in neither
    ];
    const r = aggregateBody(pages);
    expect(r.precision).toBeCloseTo(0.5);
    expect(r.recall).toBeCloseTo(0.5);
    expect(r.f1).toBeCloseTo(0.5);
  });

  it('gives 0, not NaN, when every prediction is empty', () => {
    const r = aggregateBody([bodyCounts('some gold text here', ''), bodyCounts('more gold', '')]);
    expect(r).toEqual({ precision: 0, recall: 0, f1: 0 });
  });

  it('prepends the predicted title where gold body includes the headline', () => {
    const p: Prediction = { text: 'Body.', title: 'Headline', author: [], published: null, is_article: true };
    const g: Gold = { id: 'x', file: 'x', body: 'Headline\nBody.', body_includes_title: true };
    expect(bodyText(g, p)).toBe('Headline\nBody.');
    expect(bodyText({ ...g, body_includes_title: false }, p)).toBe('Body.');
  });
});

describe('snippets', () => {
  it('counts with/without matches after whitespace normalisation, case-sensitively', () => {
    const text = 'The  quick brown\nfox jumps. Subscribe now!';
    const c = snippetCounts(text, ['quick brown fox', 'lazy dog', 'THE QUICK'], ['Subscribe now', 'Cookie']);
    expect(c).toEqual({ tp: 1, fn: 2, fp: 1, tn: 1 });
  });

  it('a crash finds nothing', () => {
    expect(snippetCounts(null, ['a', 'b'], ['c'])).toEqual({ tp: 0, fn: 2, fp: 0, tn: 1 });
  });

  it('micro-averages F1 = 2TP / (2TP + FP + FN) over all snippets', () => {
    const r = aggregateSnippets([
      { tp: 3, fp: 0, fn: 1, tn: 2 },
      { tp: 1, fp: 2, fn: 0, tn: 0 },
    ]);
    expect(r.f1).toBeCloseTo(8 / (8 + 2 + 1));
    expect(r.precision).toBeCloseTo(4 / 6);
    expect(r.recall).toBeCloseTo(4 / 5);
  });
});

describe('dates', () => {
  it('parses ISO variants and the corpus’s malformed golds', () => {
    expect(parseIsoDate('2025-10-14T18:45:00+01:00')).toMatchObject({ date: '2025-10-14', time: '18:45', offset: 60, precision: 'minute' });
    expect(parseIsoDate('2025-09-24T09:30:00+0100')?.offset).toBe(60);
    expect(parseIsoDate('2025-09-16T19:10:00.000Z')?.offset).toBe(0);
    expect(parseIsoDate('2025-10-21T07:45:00-04:00')?.offset).toBe(-240);
    expect(parseIsoDate('2005-05-07 21:23')).toMatchObject({ time: '21:23', offset: null });
    expect(parseIsoDate('2022-11-1')?.date).toBe('2022-11-01');
    expect(parseIsoDate('2022-01.26')?.date).toBe('2022-01-26');
    expect(parseIsoDate('1998-03')?.precision).toBe('month');
    expect(parseIsoDate('yesterday')).toBeNull();
    expect(parseIsoDate('2025-13-01')).toBeNull();
  });

  it('compares at the gold precision (first 4/7/10 characters)', () => {
    expect(datesEqual('2019-10-16', '2019-10-16T23:59:00+02:00', 'day')).toBe(true);
    expect(datesEqual('2019-10-16', '2019-10-17', 'day')).toBe(false);
    expect(datesEqual('1998-03', '1998-03-15', 'month')).toBe(true);
    expect(datesEqual('1998-03', '1998', 'month')).toBe(false); // less precise than the gold
    expect(datesEqual('2022-11-1', '2022-11-01', 'day')).toBe(true);
    // a day gold written with a time in the prediction is compared as written, not as an instant
    expect(datesEqual('2019-10-17', '2019-10-16T23:30:00-04:00', 'day')).toBe(false);
  });

  it('treats a minute gold with offset as an instant, within one minute', () => {
    const gold = '2025-09-16T14:10:00-05:00';
    expect(datesEqual(gold, '2025-09-16T19:10:00Z', 'minute')).toBe(true);
    expect(datesEqual(gold, '2025-09-17T03:10:00+08:00', 'minute')).toBe(true);
    expect(datesEqual(gold, '2025-09-16T14:10:40-05:00', 'minute')).toBe(true);
    expect(datesEqual(gold, '2025-09-16T14:11:00-05:00', 'minute')).toBe(false);
    expect(datesEqual(gold, '2025-09-16T14:10:00+00:00', 'minute')).toBe(false); // same wall clock, other instant
    expect(datesEqual(gold, '2025-09-16', 'minute')).toBe(false); // day only
    // no offset in the prediction: wall clock as written
    expect(datesEqual(gold, '2025-09-16T14:10', 'minute')).toBe(true);
  });

  it('compares a minute gold without offset as wall-clock time as written', () => {
    expect(datesEqual('2005-05-07T21:23', '2005-05-07T21:23:00+08:00', 'minute')).toBe(true);
    expect(datesEqual('2005-05-07T21:23', '2005-05-07 21:23', 'minute')).toBe(true);
    expect(datesEqual('2005-05-07T21:23', '2005-05-07T13:23:00Z', 'minute')).toBe(false);
  });

  it('gold null means the page states no date', () => {
    expect(datesEqual(null, null)).toBe(true);
    expect(datesEqual(null, '')).toBe(true);
    expect(datesEqual(null, '2020-01-01')).toBe(false);
    expect(datesEqual('2020-01-01', null)).toBe(false);
  });

  it('normalises Readability’s non-ISO dates to UTC instants', () => {
    expect(normalizeReadabilityDate('2025-10-21T07:45:00-04:00')).toBe('2025-10-21T07:45:00-04:00');
    expect(normalizeReadabilityDate('Tue, 16 Sep 2025 19:10:00 GMT')).toBe('2025-09-16T19:10:00.000Z');
    expect(normalizeReadabilityDate('not a date')).toBeNull();
    expect(normalizeReadabilityDate('')).toBeNull();
  });
});

describe('titles, authors, URLs, sets', () => {
  it('normalises titles with NFKC, whitespace collapse and lower-case', () => {
    expect(normTitle('  新米の出荷始まる\u3000猛暑でも ')).toBe('新米の出荷始まる 猛暑でも');
    expect(titlesEqual('Grain Futures\u00a0Slide', 'grain  futures slide')).toBe(true);
    expect(titlesEqual('ＡＢＣ', 'abc')).toBe(true);
    expect(titlesEqual('A title', 'A title | Site')).toBe(false);
    expect(titlesEqual(null, '')).toBe(true);
  });

  it('compares authors as sets', () => {
    expect(authorsEqual(['Priya Natarajan', 'Tom Ellery'], ['tom ellery', 'Priya  Natarajan'])).toBe(true);
    expect(authorsEqual(['马骁', '杨帆'], ['马骁'])).toBe(false);
    expect(authorsEqual([], [])).toBe(true);
  });

  it('splits Readability bylines into names', () => {
    expect(bylineToAuthors('By Priya Natarajan and Tom Ellery')).toEqual(['Priya Natarajan', 'Tom Ellery']);
    expect(bylineToAuthors('by: A, B & C')).toEqual(['A', 'B', 'C']);
    expect(bylineToAuthors('黎敏、周卓')).toEqual(['黎敏', '周卓']);
    expect(bylineToAuthors('Byron Smith')).toEqual(['Byron Smith']);
    expect(bylineToAuthors(null)).toEqual([]);
  });

  it('compares URLs scheme-insensitively', () => {
    expect(normUrl('https://example.com/a')).toBe(normUrl('http://example.com/a'));
    expect(normUrl('//example.com/a')).toBe('//example.com/a');
    expect(normUrl('https://example.com/a')).not.toBe(normUrl('https://example.com/b'));
  });

  it('scores set F1 per page, both empty = 1', () => {
    const gold = urlSet(['https://a.com/1', 'https://a.com/2', 'https://a.com/3', 'https://a.com/4']);
    const pred = urlSet(['http://a.com/1', 'https://a.com/2', 'https://a.com/9']);
    const r = setF1(gold, pred);
    expect(r.precision).toBeCloseTo(2 / 3);
    expect(r.recall).toBeCloseTo(2 / 4);
    expect(r.f1).toBeCloseTo(4 / 7);
    expect(setF1(new Set(), new Set()).f1).toBe(1);
    expect(setF1(gold, new Set()).f1).toBe(0);
    expect(setF1(new Set(), pred).f1).toBe(0);
  });
});

describe('metrics', () => {
  const pred: Prediction = {
    text: '', title: 'Page not found', author: [], published: null, is_article: false,
    related: [], images: [], tags: [], site: 'The Harbor Ledger', url: 'http://x.com/a', crawled_at: null,
  };
  const nonArticle: Gold = {
    id: 'nonart', file: 'f', is_article: false, title: 'Page not found', body: '', related: [],
    site: 'The Harbor Ledger', url: 'https://x.com/a',
  };

  it('scores non-articles only for page-level fields and is_article', () => {
    expect(METRICS.body!.applies(nonArticle)).toBe(false);
    expect(METRICS.title!.applies(nonArticle)).toBe(false);
    expect(METRICS.related!.applies(nonArticle)).toBe(false);
    expect(METRICS.site!.applies(nonArticle)).toBe(true);
    expect(METRICS.url!.score(nonArticle, pred)).toEqual({ kind: 'acc', ok: true });
    expect(METRICS.is_article!.score(nonArticle, pred)).toEqual({ kind: 'acc', ok: true });
  });

  it('skips pages whose gold date is malformed, and scores null golds', () => {
    const bad: Gold = { id: 'b', file: 'f', published: '2022-25-10', published_precision: 'day' };
    expect(METRICS.date!.applies(bad)).toBe(false);
    expect(METRICS.date!.invalid?.(bad)).toContain('2022-25-10');
    const none: Gold = { id: 'n', file: 'f', published: null };
    expect(METRICS.date!.applies(none)).toBe(true);
    expect(METRICS.date!.score(none, { ...pred, published: null })).toEqual({ kind: 'acc', ok: true });
  });

  it('median of page times', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});
