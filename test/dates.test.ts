// Date expressions: absolute forms in several languages, relative dates against a crawl time,
// and the publish date chosen from a page.

import { describe, expect, it } from 'vitest';
import { findDates, findRelative, findYearless, findYearMonth, type DateOptions } from '../src/parse/dates.ts';
import { urlDate } from '../src/parse/published.ts';
import { formatWallTime, guessZone, type WallTime } from '../src/parse/time.ts';
import { parsePage } from '../src/parse/index.ts';

const first = (text: string, zone: string | null = null, options: DateOptions = {}) => {
  const found = findDates(text, options)[0];
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

  it.each([
    ['two-digit year: 31.10.23', '31.10.23', '2023-10-31'],
    ['two-digit year with a clock: 28.09.19 12:44', 'gast 28.09.19 12:44', '2019-09-28T12:44:00'],
    ['spaced European date: 4. 2. 2022.', 'Von Tennisbund 4. 2. 2022.', '2022-02-04'],
    ['clock after a dash', '14.03.2024 - 09:45', '2024-03-14T09:45:00'],
    ['clock after "um"', 'am 7. März 2024 um 18:05', '2024-03-07T18:05:00'],
    ['clock after "at", p.m.', 'October 2, 2024 at 7:12 p.m.', '2024-10-02T19:12:00'],
    ['Spanish "a. m."', '9 May 2024 - 3:00 a. m.', '2024-05-09T03:00:00'],
    ['French 15h14', 'Le 3 juillet 2019 à 15h14', '2019-07-03T15:14:00'],
    ['German "Mär"', 'Mär 21, 2023', '2023-03-21'],
    ['Russian genitive month', '22 августа 2024, 10:15', '2024-08-22T10:15:00'],
    ['Arabic month with its Levantine name, evening clock', 'الخميس 11 نيسان / أبريل 2024 08:40 مساءً', '2024-04-11T20:40:00'],
    ['Korean dotted date', '2019. 6. 24.', '2019-06-24'],
  ])('%s', (_, text, expected) => {
    expect(first(text)).toBe(expected);
  });

  it('does not read version numbers as two-digit-year dates', () => {
    expect(first('Download 2.4.10')).toBeNull();
  });

  it('keeps one separator throughout an ISO-like date (a range "2023 - 01/03/2024" is no 2023-01-03)', () => {
    expect(findDates('12/02/2023 - 01/03/2024').map((d) => formatWallTime(d.time, null))).toEqual(['2023-02-12', '2024-03-01']);
  });

  it.each([
    ['the numbers settle the order', '23/04/2021', {}, '2021-04-23'],
    ['the site writes month first', '05/07/2025', { slashOrder: 'mdy' }, '2025-05-07'],
    ['the site writes day first', '05/07/2025', { slashOrder: 'dmy' }, '2025-07-05'],
    ['unknown order: day first', '4/6/2023 21:35', {}, '2023-06-04T21:35:00'],
    ['unknown order, a 12-hour clock: month first (.NET en-US)', '8/6/2006 7:14:22 PM', {}, '2006-08-06T19:14:22'],
  ] as [string, string, DateOptions, string][])('slash date: %s', (_, text, options, expected) => {
    expect(first(text, null, options)).toBe(expected);
  });

  it('keeps the other reading of an ambiguous slash date', () => {
    const found = findDates('08/11/2023')[0]!;
    expect([found.time.month, found.swapped?.month]).toEqual([11, 8]);
    expect(findDates('23/04/2021')[0]!.swapped).toBeUndefined();
  });

  it('reads a month without a day as an issue date', () => {
    const found = findYearMonth('——《东岸文摘》2001年5月号')[0]!;
    expect([formatWallTime(found.time, null), found.precision]).toEqual(['2001-05-01', 'month']);
    expect(findYearMonth('2001年5月5日')).toEqual([]);
  });
});

describe('zone of a site', () => {
  it.each([
    ['fr', 'ici.example.ca', 'America/Toronto'],
    ['es', 'diario.example.com.bo', 'America/La_Paz'],
    ['zh-tw', 'news.example.cn', 'Asia/Taipei'],
    ['de', 'example.com', 'Europe/Berlin'],
    ['en', 'startup.example.co', null],
  ])('%s on %s', (lang, host, zone) => {
    expect(guessZone(lang, host)).toBe(zone);
  });
});

describe('dates in the address', () => {
  it.each([
    ['https://example.com/2025/08/16/story/', '2025-08-16'],
    ['https://example.com/home/2017/7/12/a-beach', '2017-07-12'],
    ['https://example.org/meldungen/29-10-2021', '2021-10-29'],
    ['https://example.org/2023/10/3-questions-for-tina/', null],
    // Digits that only look like a date: November has no 31st, 2023 no February 29th.
    ['https://example.com/2020/1131.html', null],
    ['https://example.com/news/20230229/story.html', null],
    ['https://example.com/news/20240229/story.html', '2024-02-29'],
  ])('%s', (url, expected) => {
    const t = urlDate(url);
    expect(t ? formatWallTime(t, null) : null).toBe(expected);
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

describe('publish date of a page: shown, machine and address dates weighed', () => {
  const filler = '<div class="story"><p>' + 'Der Gemeinderat beriet am Abend lange über den neuen Radweg entlang des Flusses und vertagte sich. '.repeat(8) + '</p></div>';
  /** A made-up article page; `body` holds the headline and whatever surrounds it. */
  const article = (o: { body: string; head?: string; lang?: string; url?: string; crawledAt?: string }) =>
    parsePage(Buffer.from(`<html lang="${o.lang ?? 'de'}"><head><meta charset="utf-8"><title>Radweg am Fluss kommt</title>${o.url ? `<link rel="canonical" href="${o.url}">` : ''}${o.head ?? ''}</head><body>${o.body}${filler}</body></html>`), { file: 'a.html', crawledAt: o.crawledAt ?? null }).published;
  const h1 = '<h1>Radweg am Fluss kommt</h1>';
  const ld = (node: object) => `<script type="application/ld+json">${JSON.stringify({ '@context': 'https://schema.org', ...node })}</script>`;

  it('takes the byline date over a publish meta of another day (the page shows its update)', () => {
    expect(article({ head: ld({ '@type': 'NewsArticle', datePublished: '2021-01-01T11:00:00Z' }), body: `${h1}<p>01.04.2023, 12:00 Uhr</p>` })).toBe('2023-04-01T12:00:00+02:00');
  });

  it('keeps the machine date when the header area shows its day too', () => {
    const head = '<meta property="article:published_time" content="2023-05-10T11:20:05+02:00">';
    expect(article({ head, body: `<p>10. Mai 2023, 11:20 Uhr</p>${h1}<p>Vorschau 13.05.2023</p>` })).toBe('2023-05-10T11:20:05+02:00');
  });

  it('ranks a bare `date` meta below an itemprop datePublished', () => {
    const head = '<meta name="date" content="2023-06-02T09:12:40+02:00">';
    expect(article({ head, body: `${h1}<time itemprop="datePublished" datetime="2023-06-05"></time>` })).toBe('2023-06-05');
  });

  it('keeps the machine date over a much older date the text quotes', () => {
    const head = '<meta property="article:published_time" content="2021-11-12T13:00:00+01:00">';
    expect(article({ head, body: `${h1}<p>Rundschreiben, 14. Mai 2004:</p>` })).toBe('2021-11-12T13:00:00+01:00');
  });

  it('lets the byline beat a weak machine date (the first <time pubdate> of a sidebar)', () => {
    const body = `<aside><time pubdate datetime="2018-04-03T08:10:00Z"></time></aside>${h1}<p>Le 19 mars 2018</p>`;
    expect(article({ body, lang: 'fr' })).toBe('2018-03-19');
  });

  it('skips the dates of a related list under the headline', () => {
    const head = ld({ '@type': 'NewsArticle', datePublished: '2021-03-18T10:20:30-03:00' });
    const list = ['Modelo A 11/03/2021', 'Modelo B 02/03/2021', 'Modelo C 19/02/2021'].map((t) => `<li>${t}</li>`).join('');
    expect(article({ head, lang: 'pt', body: `${h1}<ul>${list}</ul>` })).toBe('2021-03-18T10:20:30-03:00');
  });

  it("skips an embedded post's credit line", () => {
    const head = '<meta property="article:published_time" content="2021-10-05T17:40:12-04:00">';
    expect(article({ head, lang: 'en', body: `${h1}<blockquote>Lovely evening at the pier. — Harbor Friends (@harborfriends) October 4, 2021</blockquote>` })).toBe('2021-10-05T17:40:12-04:00');
  });

  it('does not take a date inside the headline for the date under it', () => {
    const body = '<h1>大会結果 (2021/5/8-9)</h1><p>2021年05月09日 | お知らせ</p>';
    expect(parsePage(Buffer.from(`<html lang="ja"><head><meta charset="utf-8"><title>大会結果 (2021/5/8-9)</title></head><body>${body}${filler}</body></html>`), { file: 'j.html' }).published).toBe('2021-05-09');
  });

  it('looks under the second copy of a headline printed twice', () => {
    const nav = ['专题 2007-06-08', '专题 2007-06-07', '专题 2007-06-06', ...Array.from({ length: 9 }, (_, i) => `栏目${i}`)].map((t) => `<div>${t}</div>`).join('');
    const html = `<html lang="zh"><head><meta charset="utf-8"><title>雨季出行指南</title></head><body><div>雨季出行指南</div>${nav}<h1>雨季出行指南</h1><div>2007-06-11 09:40更新 来源：本站原创</div><div class="content"><p>${'正文内容，用来凑足一篇文章的长度。'.repeat(20)}</p></div></body></html>`;
    expect(parsePage(Buffer.from(html), { file: 'z.html' }).published).toBe('2007-06-11T09:40:00+08:00');
  });

  it("finds a dateline a few lines above the headline, not the site's date at the top", () => {
    const body = `<p>Mittwoch, 10. Oktober 2018</p>${'<p>Rubrik</p>'.repeat(6)}<p>8. Oktober 2018</p><p>Wirtschaft</p><p>Tirol</p><p>Wien</p>${h1}`;
    expect(article({ body })).toBe('2018-10-08');
  });

  it('reads a UTC meta time on the site clock another stamp of the page shows', () => {
    const head = ld({ '@type': 'NewsArticle', datePublished: '2024-02-15T02:10:30Z' }) + ld({ '@type': 'AnalysisNewsArticle', datePublished: '2024-02-14 19:10:30' });
    expect(article({ head, lang: 'en', url: 'https://www.example.com/story/', body: h1 })).toBe('2024-02-14T19:10:30-07:00');
  });

  it("reads an early-morning UTC meta time on the URL's day before (a site west of UTC)", () => {
    const head = '<meta property="article:published_time" content="2022-07-19T03:15:20+00:00">';
    expect(article({ head, lang: 'en', url: 'https://www.example.com/2022/07/18/story/', body: h1 })).toBe('2022-07-18');
  });

  it('takes the URL date over a shown date of another day', () => {
    expect(article({ url: 'https://blog.example.de/2009/09/14/ergebnisse/', body: `${h1}<p>Ergebnisse vom 13.9.2009</p>` })).toBe('2009-09-14');
  });

  it('takes the URL date over a machine date years away from it', () => {
    const head = '<meta property="article:published_time" content="2020-03-09T10:00:00+01:00">';
    expect(article({ head, url: 'https://www.example.de/reise/2018/4/3/kueste', body: h1 })).toBe('2018-04-03');
  });

  it("skips a forum member's registration date", () => {
    expect(article({ body: `${h1}<p>Registriert: 02.03.2010, 11:20</p><p>Beitrag von kiwi7 » 17.02.2011, 20:15</p>` })).toBe('2011-02-17T20:15:00+01:00');
  });

  it('skips dates after the crawl', () => {
    expect(article({ crawledAt: '2025-08-19T10:00:00', body: `${h1}<p>Nächster Termin: 01.09.2025</p><p>Beitrag vom 15.08.2025</p>` })).toBe('2025-08-15');
  });

  it('reads the slash order of the site: en-US month first, German day first', () => {
    expect(article({ lang: 'en-US', body: `${h1}<p>05/07/2025</p>` })).toBe('2025-05-07');
    expect(article({ lang: 'de', body: `${h1}<p>05/07/2025</p>` })).toBe('2025-07-05');
  });

  it('counts the other reading of an ambiguous slash date as showing the machine day', () => {
    const head = '<meta property="article:published_time" content="2024-01-09T21:35:10+00:00">';
    expect(article({ head, lang: 'en-US', url: 'https://www.example.com/news/20931.html', body: `${h1}<p>09/01/2024 | 21:35 PM</p>` })).toBe('2024-01-09T21:35:10+00:00');
  });

  describe('without a date near the headline', () => {
    const paragraphs = '<p>Ein Absatz ohne Datum.</p>'.repeat(12);
    const below = (lines: string[]) => `${h1}${paragraphs}${lines.map((l) => `<p>${l}</p>`).join('')}`;

    it('takes a date followed by a publish word ("… geschrieben") over an earlier one', () => {
      const footer = 'Dieser Artikel wurde am 9. März 2021 um 16:20 von Jana geschrieben und unter den Stichworten Garten, Kompost und Beete abgelegt.';
      const body = `<p>Neu im Blog: 2. Juni 2021</p>${'<p>Menü</p>'.repeat(6)}${below([footer])}`;
      expect(article({ body })).toBe('2021-03-09T16:20:00+01:00');
    });

    it('takes "张贴 @" as a publish label', () => {
      const html = `<html lang="zh"><head><meta charset="utf-8"><title>山居笔记</title></head><body><h1>山居笔记</h1>${'<p>一段没有日期的文字。</p>'.repeat(12)}<div class="content"><p>${'正文内容，用来凑足一篇文章的长度。'.repeat(20)}</p></div><p>由山中客张贴 @ 2006-04-18 22:05:31 (120)</p><p>山中客写于2006年4月12日</p></body></html>`;
      expect(parsePage(Buffer.from(html), { file: 'b.html' }).published).toBe('2006-04-18T22:05:31+08:00');
    });

    it('reads a labelled date on a long footer line', () => {
      const footer = 'Dieser Beitrag wurde am Montag, 5. Juni 2017 um 08:30 Uhr veröffentlicht und unter ' + 'Thema, '.repeat(40) + 'gespeichert.';
      expect(article({ body: below([footer]) })).toBe('2017-06-05T08:30:00+02:00');
    });

    it('takes a short date line printed under the article over a date inside a caption', () => {
      const caption = 'Karte: Ausschnitt der Hochwasserlinien vom 12.07.2021 (oben) und die berechneten Pegel (unten), zusammengestellt vom Planungsamt.';
      expect(article({ body: `${h1}<p>${caption}</p>${paragraphs}<p>03.02.2022 um 10:40</p>` })).toBe('2022-02-03T10:40:00+01:00');
    });

    it('prefers a date that is not an item of a list', () => {
      const list = ['(bis 30.09.2017)', '(bis 31.03.2019)', '(bis 31.10.2020)'].map((t) => `<p>Programm ${t}</p>`).join('');
      const long = 'Mitteilung vom 08.04.2021: ' + 'Der Verbrauch von Brennholz stieg im Vergleich zum Vorjahr leicht an, wie die Erhebung zeigt. '.repeat(2);
      expect(article({ body: `${h1}${paragraphs}${list}${paragraphs}<p>${long}</p>` })).toBe('2021-04-08');
    });

    it('falls back to the modified date', () => {
      expect(article({ head: '<meta itemprop="dateModified" content="09/24/2018">', lang: 'en-US', body: h1 })).toBe('2018-09-24');
    });

    it('falls back to an "Aktualisiert" line', () => {
      expect(article({ body: below(['Aktualisiert: 17.11.2015']) })).toBe('2015-11-17');
    });

    it("falls back to a full date on the copyright line (the page's own stamp)", () => {
      expect(article({ body: below(['Copyright © 23.08.2018 - 15:42 h by Beispiel GmbH']) })).toBe('2018-08-23T15:42:00+02:00');
    });

    it("falls back to an issue's month", () => {
      const html = `<html lang="zh"><head><meta charset="utf-8"><title>慢生活札记</title></head><body><h1>慢生活札记</h1><div class="content"><p>${'正文内容，用来凑足一篇文章的长度。'.repeat(20)}</p></div><p>——《东岸文摘》2001年5月号</p></body></html>`;
      expect(parsePage(Buffer.from(html), { file: 'i.html' }).published).toBe('2001-05');
    });
  });
});
