// normalize: one record per article (same URL, same body, near-duplicate re-posts), tags spelled
// one way across the archive, and slugs that are readable, safe and stable in any import order.

import { describe, expect, it } from 'vitest';
import { emptyPage, type ParsedPage } from '../src/model/index.ts';
import { cleanTag, findNearDuplicates, normalizePages, readableSlug, slugOrHash, unifyTags } from '../src/normalize/index.ts';
import { serializeRecord } from '../src/content/index.ts';

const ORIGINAL = [
  '青禾县今年在三个乡镇试点稻田养蟹，每亩稻田放养蟹苗约四百只，秋收时稻谷和河蟹一起上市。',
  '县农业农村局技术员周宁说，河蟹吃掉田里的杂草和害虫，稻田几乎不用打农药，稻米每斤能多卖一块五。',
  '试点农户方德海算了一笔账：去年一亩地纯收入不到九百元，今年加上卖蟹的钱，预计能超过两千元。',
  '为了防止河蟹逃跑，农户在田埂四周围起了塑料挡板，夜里还要巡查水位，天旱时及时补水。',
  '县里计划明年把试点扩大到十个乡镇，并统一注册“青禾稻蟹”商标，由合作社负责收购和销售。',
];

function page(file: string, fields: Partial<ParsedPage>): ParsedPage {
  const text = fields.text ?? '';
  return { ...emptyPage(file), is_article: true, markdown: text.replace(/\n/g, '\n\n'), ...fields };
}

const original = page('portal/crab.html', {
  title: '青禾县试点稻田养蟹 亩均收入翻番', url: 'https://news.qinghe.example/2025/09/crab.html',
  site: '青禾新闻网', published: '2025-09-12T08:30:00+08:00', crawled_at: '2025-09-20T10:00:00+08:00',
  author: ['林晓'], tags: ['三农', '稻田养殖'], text: ORIGINAL.join('\n'),
});
// A content farm's copy: new headline, one paragraph dropped, a disclaimer added, a day later.
const repost = page('farm/8812.html', {
  title: '稻田里养螃蟹，一亩地多赚一千多！农民笑开了花', url: 'https://www.farm-reads.example/8812.html',
  site: '乐读网', source: '青禾新闻网', published: '2025-09-13', crawled_at: '2025-09-21T09:00:00+08:00',
  tags: ['农业', '三农'], text: [...ORIGINAL.slice(0, 3), ORIGINAL[4], '本文转载自网络，如有侵权请联系删除。'].join('\n'),
});
// Same topic and words, a different article.
const otherStory = page('portal/shrimp.html', {
  title: '青禾县稻田养虾遇冷', url: 'https://news.qinghe.example/2025/10/shrimp.html', site: '青禾新闻网',
  published: '2025-10-02T09:00:00+08:00',
  text: [
    '与稻田养蟹的热闹不同，青禾县去年推广的稻田养虾今年遇到了销路问题，不少农户的小龙虾只能低价卖给外地收购商。',
    '养殖户韩春生说，今年虾苗价格上涨，夏天又连着下了半个月的雨，虾的个头普遍偏小，收购价每斤只有十来块。',
    '县水产站建议农户错开上市时间，并尝试和本地餐馆签订长期供货协议，减少对外地收购商的依赖。',
  ].join('\n'),
});

describe('near-duplicate re-posts', () => {
  it('finds the re-post and not the other story on the same subject', () => {
    const pairs = findNearDuplicates([original.text, repost.text, otherStory.text]);
    expect(pairs.map((p) => [p.a, p.b])).toEqual([[0, 1]]);
    expect(pairs[0]!.containment).toBeGreaterThan(0.8);
  });

  it('does not call a short brief inside a long round-up the same article', () => {
    const roundup = [ORIGINAL[0]!, ...otherStory.text.split('\n'), '县气象台预计本周末有一次明显降温过程，提醒农户做好晚稻防寒工作，及时排干田间积水。', '县城新建的农产品展销中心下月开业，将设立本地特产专区，优先安排合作社入驻。'].join('\n');
    expect(findNearDuplicates([ORIGINAL[0]!, roundup])).toEqual([]);
  });

  it('merges them into one record that keeps the original body, the earliest date and every copy', () => {
    const { records, merges } = normalizePages([repost, otherStory, original]);
    expect(records).toHaveLength(2);
    const crab = records.find((r) => r.url === original.url)!;
    expect(crab.title).toBe(original.title);
    expect(crab.body).toContain(ORIGINAL[3]);
    expect(crab.body).not.toContain('侵权');
    expect(crab.date).toBe('2025-09-12T08:30:00+08:00');
    expect(crab.sources).toEqual([
      { url: original.url, site: '青禾新闻网', crawled_at: original.crawled_at },
      { url: repost.url, site: '乐读网', crawled_at: repost.crawled_at },
    ]);
    expect(crab.tags).toEqual(['三农', '稻田养殖', '农业']);
    expect(merges).toEqual([{ kept: 'portal/crab.html', dropped: 'farm/8812.html', reason: 'near duplicate', similarity: expect.any(Number) }]);
  });

  it('takes the earliest date when the re-post is the more complete copy', () => {
    const longer = { ...repost, text: `${repost.text}\n${ORIGINAL[3]}\n${'县里还将举办稻蟹丰收节，邀请城里的游客下田捉蟹、品尝新米，带动乡村旅游。'}` };
    const [record] = normalizePages([original, longer]).records;
    expect(record!.url).toBe(repost.url);
    expect(record!.date).toBe('2025-09-12T08:30:00+08:00');
  });

  it('gives the same records in any input order', () => {
    const pages = [original, repost, otherStory, page('portal/crab-copy.html', { ...original, file: 'portal/crab-copy.html' })];
    const orders = [pages, [...pages].reverse(), [pages[2]!, pages[0]!, pages[3]!, pages[1]!]];
    const outputs = orders.map((order) => normalizePages(order).records.map(serializeRecord).join('\n'));
    expect(new Set(outputs).size).toBe(1);
  });

  it('merges pages with the same URL or the same body and says why', () => {
    const sameUrl = { ...original, file: 'again/crab.html', url: 'http://NEWS.qinghe.example/2025/09/crab.html/' };
    const sameBody = { ...otherStory, file: 'mirror/shrimp.html', url: 'https://mirror.example/shrimp' };
    const { records, merges } = normalizePages([original, sameUrl, otherStory, sameBody]);
    expect(records).toHaveLength(2);
    expect(merges.map((m) => m.reason).sort()).toEqual(['same body', 'same url']);
  });
});

describe('tags', () => {
  it('cleans NFKC, full-width letters, hashes and brackets', () => {
    expect(cleanTag('  ＡＩ　芯片 ')).toBe('AI 芯片');
    expect(cleanTag('#新能源')).toBe('新能源');
    expect(cleanTag('【乡村振兴】')).toBe('乡村振兴');
  });

  it('spells a tag one way across the archive: synonyms first, else the most used spelling', () => {
    const records = normalizePages([original, otherStory]).records;
    records[0]!.tags = ['ＡＩ', 'Climate', 'climate', '人工智能'];
    records[1]!.tags = ['ai', 'climate', 'Ｃｌｉｍａｔｅ', '   '];
    unifyTags(records, { 人工智能: ['AI', 'A.I.'] });
    expect(records[0]!.tags).toEqual(['人工智能', 'Climate']);
    expect(records[1]!.tags).toEqual(['人工智能', 'Climate']);
  });
});

describe('slugs', () => {
  it('romanises other scripts, is never empty and never leaves the records folder', () => {
    expect(readableSlug('東京の地下鉄で新線')).toMatch(/^dong-jing-no-di-xia-tie-de/);
    expect(readableSlug('서울 지하철 새 노선')).toBe('seoul-jihacheol-sae-noseon');
    expect(readableSlug('ข่าวฟุตบอล')).toMatch(/^[a-z0-9-]+$/);
    for (const hostile of ['../../etc/passwd', '..', 'a/b\\c', '%2e%2e%2f', 'CON', 'nul', 'x'.repeat(500)]) {
      const slug = slugOrHash(hostile, 'article');
      expect(slug, hostile).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      expect(slug.length).toBeLessThanOrEqual(80);
      expect(['con', 'nul']).not.toContain(slug);
    }
  });

  it('gives two articles that want one slug the same two slugs in any order', () => {
    const a = page('a.html', { title: '同一个标题', url: 'https://a.example/1', text: '第一篇的正文，讲的是一件事。' });
    const b = page('b.html', { title: '同一个标题', url: 'https://b.example/2', text: '第二篇的正文，讲的是另一件事。' });
    const slugs = (pages: ParsedPage[]) => Object.fromEntries(normalizePages(pages).records.map((r) => [r.url, r.slug]));
    expect(slugs([a, b])).toEqual(slugs([b, a]));
    expect(new Set(Object.values(slugs([a, b]))).size).toBe(2);
  });

  it('never takes a slug already used in content/, and existing records keep theirs', () => {
    const existing = new Map([['a.example/1', 'kept-slug']]);
    const a = page('a.html', { title: '旧文章', url: 'https://a.example/1', text: '旧文章的正文。' });
    const b = page('b.html', { title: 'Hand made', url: 'https://b.example/2', text: 'A new article.' });
    const { records } = normalizePages([a, b], { existingSlugs: existing, reservedSlugs: new Set(['kept-slug', 'hand-made']) });
    expect(records.find((r) => r.url === a.url)!.slug).toBe('kept-slug');
    expect(records.find((r) => r.url === b.url)!.slug).toMatch(/^hand-made-[0-9a-f]{6}$/);
  });
});
