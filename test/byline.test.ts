// Byline patterns: names without role words, in the languages of the pages we meet.

import { describe, expect, it } from 'vitest';
import { bylineNames } from '../src/parse/byline.ts';
import { parsePage } from '../src/parse/index.ts';

describe('bylineNames', () => {
  it.each([
    ['记者 | 宋佳一', ['宋佳一']],
    ['本报记者 张晓明 李文', ['张晓明', '李文']],
    ['（记者 孙婧）', ['孙婧']],
    ['商报记者马俊峰/文', ['马俊峰']],
    ['作者：庞晓雯 编辑：钟毅', ['庞晓雯']],
    ['By Ruth Adeyemi and Tom Hargreaves', ['Ruth Adeyemi', 'Tom Hargreaves']],
    ['By Callum ReidFirst published 11 hours ago', ['Callum Reid']],
    ['Von Roland Brockmann und Sebastian Drescher', ['Roland Brockmann', 'Sebastian Drescher']],
    ['Veröffentlicht am 12. Oktober 2024 von Martina Lohr', ['Martina Lohr']],
    ['Autor: Klaus Berger', ['Klaus Berger']],
    ['Posted by Nathan Parker', ['Nathan Parker']],
    ['执笔人：闵立夫 赵兰芳', ['闵立夫', '赵兰芳']],
    ['本报实习生 钱小川 周立 本报记者 王海平 方晓云', ['钱小川', '周立', '王海平', '方晓云']],
  ])('%s', (line, names) => {
    expect(bylineNames([line])).toEqual(names);
  });

  it('joins the role groups of consecutive byline lines', () => {
    expect(bylineNames(['本报实习生 钱小川 周立', '本报记者 王海平 方晓云'])).toEqual(['钱小川', '周立', '王海平', '方晓云']);
  });

  it('does not read a verb after 记者 as a name', () => {
    expect(bylineNames(['记者了解到，今年以来全市新增岗位三千个。'])).toEqual([]);
  });
});

describe('authors from page markup', () => {
  it('reads an author-name element when there is no byline text', () => {
    const page = parsePage(Buffer.from(`<html><head><meta charset="utf-8"><title>Harbour dredging starts next week</title></head><body>
      <h1>Harbour dredging starts next week</h1><div class="meta"><span class="author-name">Priya Raman</span></div>
      <div class="story"><p>${'Dredging of the inner harbour will start on Monday and last about three weeks, the port said. '.repeat(4)}</p></div></body></html>`), { file: 'a.html' });
    expect(page.author).toEqual(['Priya Raman']);
  });
});

describe('labelled bylines far from the headline', () => {
  it('finds 作者： in a short line after the article', () => {
    const filler = '<p>' + '省内多家企业近日发布三季度业绩预告，净利润普遍同比增长。'.repeat(6) + '</p>';
    const page = parsePage(Buffer.from(`<html><head><meta charset="utf-8"><title>三季度业绩预告陆续发布</title></head><body>
      <h1>三季度业绩预告陆续发布</h1><div class="text">${filler}${filler}</div>
      <div class="info"><span>编辑：金金</span> <span>作者：宋明 杨志华</span></div></body></html>`), { file: 'z.html' });
    expect(page.author).toEqual(['宋明', '杨志华']);
  });
});

describe('names right under the headline', () => {
  const page = (afterTitle: string) =>
    parsePage(Buffer.from(`<html><head><meta charset="utf-8"><title>山城夜景入选十佳</title></head><body><h1>山城夜景入选十佳</h1>${afterTitle}
      <div class="text"><p>${'本市夜景近日入选全国十佳城市夜景名单，沿江灯光带和老城区的灯光秀最受游客欢迎。'.repeat(4)}</p></div></body></html>`), { file: 'n.html' });

  it('reads a bare name line', () => {
    expect(page('<p>林秋月</p>').author).toEqual(['林秋月']);
  });

  it('reads a bracketed name after the time stamp', () => {
    expect(page('<p>2006年5月3日09:20 [ 周远航 ] 来源：山城晚报</p>').author).toEqual(['周远航']);
  });

  it('does not take a short section word for a name', () => {
    expect(page('<p>社会新闻</p>').author).toEqual([]);
  });
});
