// "More like this": CJK-aware tokens, relevance on a small invented archive, exclusions, and the
// same lists on every build whatever the order of the records.

import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentWords, tokenize } from '../src/render/index.ts';
import { dfBase, idfBase, shareCap, textVector, weight } from '../src/render/vectors.ts';
import { build, record, type Built } from './render-helpers.ts';

describe('idfBase', () => {
  it('is the archive size up to 32, then that size rounded up to a sixteenth of the power of two below it', () => {
    expect([1, 20, 32].map(idfBase)).toEqual([1, 20, 32]);
    expect([33, 34, 35, 36].map(idfBase)).toEqual([34, 34, 36, 36]);
    expect([8001, 8192, 8193, 100_000].map(idfBase)).toEqual([8192, 8192, 8704, 102_400]);
  });
});

describe('dfBase', () => {
  it("is a term's count up to 3, then that count rounded up to a multiple of half the power of two below it", () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 13, 130, 192, 193].map(dfBase)).toEqual([0, 1, 2, 3, 4, 6, 6, 8, 8, 12, 12, 16, 192, 192, 256]);
  });

  it('moves a weight only when the rounded count moves', () => {
    expect(weight(2, 9, 8192)).toBe(weight(2, 12, 8192));
    expect(weight(2, 13, 8192)).toBeLessThan(weight(2, 12, 8192));
  });
});

describe('textVector', () => {
  it('keeps only terms that at most shareCap articles have, however strong', () => {
    expect([100, 8192, 102_400].map(shareCap)).toEqual([50, 163, 2048]);
    const df = new Map([['harbour', 3], ['ferry', 40], ['council', 200]]);
    const { vector, weakest } = textVector(new Map([['harbour', 1], ['ferry', 2], ['council', 9]]), df, 8192);
    expect(vector.terms).toEqual(['ferry', 'harbour']);
    expect(vector.weights.every((weight) => weight > 0)).toBe(true);
    // Both terms within the cap are kept: none is left to enter later.
    expect(weakest).toBeNull();
  });
});

describe('tokenize', () => {
  it('makes each Han, kana and Hangul character a token and other letter/digit runs words', () => {
    expect(tokenize('AI芯片供应紧张，ＡＩ chips 2024年')).toEqual(['ai', '芯', '片', '供', '应', '紧', '张', 'ai', 'chips', '2024', '年']);
    expect(tokenize('ニュース 한국어 café')).toEqual(['ニ', 'ュ', 'ー', 'ス', '한', '국', '어', 'café']);
    expect(tokenize('— … !?')).toEqual([]);
  });

  it('drops function words only from the words similarity uses', () => {
    expect(contentWords('The bridge and 港口的码头')).toEqual(['bridge', '港', '口', '码', '头']);
  });
});

const RECORDS = [
  record({
    slug: 'leng-lian-hang-xian', title: '滢州港开通冷链集装箱航线', date: '2025-08-14', tags: ['港口', '冷链'], lang: 'zh',
    summary: '首条东南亚冷链集装箱航线开通。', body: '滢州港冷链集装箱航线今天开通，冷藏集装箱经港口直达东南亚。码头新增冷链堆场。',
  }),
  record({
    slug: 'long-yan-leng-lian', title: '龙眼搭上冷链专线', date: '2025-08-16', tags: ['冷链', '农业'], lang: 'zh',
    summary: '龙眼采摘后经冷链运输出口。', body: '果农的龙眼采摘后装进冷藏集装箱，经冷链专线五天运到东南亚超市。',
  }),
  record({
    slug: 'ma-tou-zi-dong-hua', title: '港口三期码头启动自动化改造', date: '2025-08-10', tags: ['港口'], lang: 'zh',
    summary: '码头自动化改造明年完成。', body: '港口三期码头的岸桥和集装箱起重机将改为远程控制，码头作业更安全。',
  }),
  record({
    slug: 'zhang-zhe-shi-tang', title: '社区长者食堂开进老小区', date: '2025-08-19', tags: ['民生'], lang: 'zh',
    summary: '一顿午饭十二元。', body: '老人在社区食堂吃午饭，荤素搭配，每餐十二元，志愿者送餐上门。',
  }),
  record({
    slug: 'bridge-closure', title: 'Swing bridge to close for eight weeks of repairs', date: '2025-08-11', tags: ['Bridge', 'Transport'], lang: 'en',
    summary: 'The swing bridge closes for repairs.', body: 'The swing bridge will close to traffic for eight weeks while engineers repair the turning gear of the bridge.',
  }),
  record({
    slug: 'ferry-shuttle', title: 'Ferry shuttle to run during bridge works', date: '2025-08-12', tags: ['Transport'], lang: 'en',
    summary: 'A ferry replaces the bridge crossing.', body: 'A ferry shuttle will run every twenty minutes while the swing bridge is closed for works.',
  }),
  record({
    slug: 'traders-fear', title: 'Traders fear lost autumn as swing bridge closure looms', date: '2025-08-13', tags: ['Bridge'], lang: 'en',
    summary: 'Shops near the bridge expect fewer customers.', body: 'Traders on the quay say the swing bridge closure will keep shoppers away for weeks.',
    // Already links the closure story: "more like this" must not repeat it.
    related: [{ title: 'Bridge to close', url: 'https://gazette.example/bridge-closure', summary: null }],
  }),
  record({
    slug: 'library-levy', title: 'Library board asks voters for a levy', date: '2025-08-15', tags: ['Library'], lang: 'en',
    summary: 'Sunday hours depend on the vote.', body: 'The library board wants a levy to restore Sunday opening hours and buy new books.',
  }),
];
// The closure story's own address, so the traders' related link resolves to it.
RECORDS[4]!.url = 'https://gazette.example/bridge-closure';

let site: Built;
let again: Built;
const similar = async (built: Built, slug: string) => {
  const $ = await built.load(`articles/${slug}/related/index.html`);
  return $('.similar-list a').map((_, a) => $(a).attr('href')!.replace('../../../articles/', '').replace(/\/$/, '')).get();
};

beforeAll(async () => {
  site = await build(RECORDS);
  again = await build([...RECORDS].reverse());
});

afterAll(async () => {
  for (const built of [site, again]) await rm(built.dir, { recursive: true, force: true });
});

describe('more like this', () => {
  it('ranks articles sharing tags and words first, in Chinese', async () => {
    const list = await similar(site, 'leng-lian-hang-xian');
    expect(list.slice(0, 2).sort()).toEqual(['long-yan-leng-lian', 'ma-tou-zi-dong-hua']);
    expect(list).not.toContain('leng-lian-hang-xian');
    for (const english of ['bridge-closure', 'ferry-shuttle', 'traders-fear', 'library-levy']) expect(list).not.toContain(english);
    const canteen = list.indexOf('zhang-zhe-shi-tang');
    if (canteen !== -1) expect(canteen).toBeGreaterThan(1);
  });

  it('ranks articles sharing tags and words first, in English', async () => {
    const list = await similar(site, 'bridge-closure');
    expect(list.slice(0, 2).sort()).toEqual(['ferry-shuttle', 'traders-fear']);
    expect(list).not.toContain('library-levy');
  });

  it('leaves out what the scraped related list already links', async () => {
    const $ = await site.load('articles/traders-fear/related/index.html');
    expect($('.related-item.is-archived a').attr('href')).toBe('../../../articles/bridge-closure/');
    const list = await similar(site, 'traders-fear');
    expect(list).not.toContain('bridge-closure');
    expect(list[0]).toBe('ferry-shuttle');
  });

  it('shows the best few on the article page', async () => {
    const $ = await site.load('articles/bridge-closure/index.html');
    const preview = $('.related-box .similar-list a').map((_, a) => $(a).attr('href')).get();
    expect(preview.length).toBeGreaterThan(0);
    expect(preview.length).toBeLessThanOrEqual(3);
    expect(preview).toEqual((await similar(site, 'bridge-closure')).slice(0, preview.length).map((slug) => `../../articles/${slug}/`));
  });

  it('says so when nothing is similar enough', async () => {
    const $ = await site.load('articles/library-levy/related/index.html');
    expect($('.similar .empty').text()).toBe('Nothing similar in the archive.');
  });

  it('is deterministic: two builds from the records in another order are byte-identical', async () => {
    expect(again.files).toEqual(site.files);
    for (const file of site.files) {
      expect(await readFile(join(again.dir, file), 'utf8'), file).toBe(await readFile(join(site.dir, file), 'utf8'));
    }
  });
});
