// Date expressions: absolute forms in several languages, relative dates against a crawl time,
// and the publish date chosen from a page.

import { describe, expect, it } from 'vitest';
import { findDates, findRelative, findYearless } from '../src/parse/dates.ts';
import { formatWallTime, type WallTime } from '../src/parse/time.ts';
import { parsePage } from '../src/parse/index.ts';

const first = (text: string, zone: string | null = null) => {
  const found = findDates(text)[0];
  return found ? formatWallTime(found.time, zone) : null;
};

describe('absolute dates', () => {
  it.each([
    ['2025年08月16日 09:30', 'Asia/Shanghai', '2025-08-16T09:30:00+08:00'],
    ['发布时间：2025-8-6', 'Asia/Shanghai', '2025-08-06'],
    ['2025/10/9', null, '2025-10-09'],
    ['2025年9月30日 星期二 18:06', 'Asia/Shanghai', '2025-09-30T18:06:00+08:00'],
    ['Aug 16, 2025', null, '2025-08-16'],
    ['Tuesday 14 October 2025, 6:45 pm BST', null, '2025-10-14T18:45:00+01:00'],
    ['16. Oktober 2019', null, '2019-10-16'],
    ['16 de octubre de 2019', null, '2019-10-16'],
    ['le 3 février 2020', null, '2020-02-03'],
    ['16.10.2019 14:05', 'Europe/Berlin', '2019-10-16T14:05:00+02:00'],
  ])('%s', (text, zone, expected) => {
    expect(first(text, zone)).toBe(expected);
  });

  it('rejects impossible days', () => {
    expect(first('2025-02-30')).toBeNull();
  });
});

describe('relative dates against the crawl time', () => {
  const crawl: WallTime = { year: 2025, month: 8, day: 19, hour: 10, minute: 12, second: 33, offset: 480 };
  const resolve = (text: string) => {
    const found = findRelative(text, crawl)[0];
    return found ? formatWallTime(found.precision === 'day' ? { year: found.time.year, month: found.time.month, day: found.time.day } : found.time, 'Asia/Shanghai') : null;
  };
  it.each([
    ['admin4天前未分类7', '2025-08-15'],
    ['3小时前', '2025-08-19'],
    ['11小时前', '2025-08-18'],
    ['1周前', '2025-08-12'],
    ['昨天 15:30', '2025-08-18T15:30:00+08:00'],
    ['前天', '2025-08-17'],
    ['2 hours ago', '2025-08-19'],
  ])('%s', (text, expected) => {
    expect(resolve(text)).toBe(expected);
  });

  it('completes a year-less date from context', () => {
    const found = findYearless('10-26 21:47', 2025)[0]!;
    expect(formatWallTime(found.time, 'Asia/Shanghai')).toBe('2025-10-26T21:47:00+08:00');
  });
});

describe('publish date of a page', () => {
  const page = (head: string, body: string) =>
    parsePage(Buffer.from(`<html lang="zh"><head><meta charset="utf-8"><title>标题测试新闻稿件</title>${head}</head><body><h1>标题测试新闻稿件</h1>${body}<div class="content"><p>${'正文内容，用来凑足一篇文章的长度。'.repeat(20)}</p></div></body></html>`), { file: 't.html' });

  it('prefers a visible time on the same day over a day-only meta date', () => {
    expect(page('<meta name="publishdate" content="2025-08-11">', '<div class="info">2025年08月11日 17:10 来源：某报</div>').published).toBe('2025-08-11T17:10:00+08:00');
  });

  it('skips an "updated" date for the published one', () => {
    expect(page('', '<div class="info">更新时间：2025-08-12 08:00 发布时间：2025-08-11 07:00</div>').published).toBe('2025-08-11T07:00:00+08:00');
  });

  it('finds a labelled date far from the headline as a last resort', () => {
    const filler = Array.from({ length: 12 }, (_, i) => `<p>第${i}段说明文字</p>`).join('');
    expect(page('', `${filler}<p>本贴由 大卫 于2005年8月12日16:12:21在论坛发表</p>`).published).toBe('2005-08-12T16:12:21+08:00');
  });

  it('takes the first plausible date when nothing is labelled, skipping copyright lines', () => {
    expect(page('', '<div class="foot">© 2024 某网 版权所有</div><p>2023年3月5日 晴</p>').published).toBe('2023-03-05');
  });

  it('reads a UTC meta time of a site without a known zone on the visible day', () => {
    const english = parsePage(Buffer.from(`<html><head><meta charset="utf-8"><title>Council meeting ends late</title>
      <meta property="article:published_time" content="2020-02-18T02:18:11+00:00"></head><body><h1>Council meeting ends late</h1>
      <p class="date">February 17, 2020</p><div class="story"><p>${'The council met until after midnight to agree the budget. '.repeat(6)}</p></div></body></html>`), { file: 'e.html' });
    expect(english.published).toBe('2020-02-17');
  });
});
