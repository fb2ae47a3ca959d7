// Generates a synthetic scraped archive for benchmarks: N pages of real size in three site shapes
// (Chinese portal in GBK, content-farm re-post saved by SingleFile, English site with JSON-LD),
// with tags, related links among them and farm copies of portal stories. Text is made up from
// random syllables and characters, so no two stories share phrases by accident; each story is about
// one of many topics, whose names (rarer characters or made-up proper nouns) it repeats, as stories
// about the same people and places do. Deterministic:
// the same N and seed give the same bytes.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';

export const GENERATOR_VERSION = 2;

/** Mulberry32: small, fast, good enough to vary benchmark pages. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Common characters that GBK encodes, so portal pages can be written in GBK.
const HAN = [...'的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处府研'];
/** Characters for names: the 3755 of GB2312's first level, most of them rarer than HAN's. */
const NAME_HAN = Array.from({ length: 0xd7 - 0xb0 + 1 }, (_, row) => Array.from({ length: 94 }, (_, col) => [0xb0 + row, 0xa1 + col]))
  .flat()
  .filter(([hi, lo]) => hi! < 0xd7 || lo! <= 0xf9)
  .map((bytes) => iconv.decode(Buffer.from(bytes), 'gbk'));
/** Stories per topic, on average. */
const STORIES_PER_TOPIC = 12;
const SYLLABLES = ['ka', 'ren', 'tal', 'mo', 'vis', 'ter', 'lan', 'do', 'bri', 'sen', 'mar', 'pol', 'ques', 'tin', 'ver', 'ha', 'nor', 'ly', 'cam', 'den', 'fi', 'gro', 'plan', 'sto', 'ri', 'wel', 'an', 'ex', 'com', 'pre'];
const EN_FUNCTION = ['the', 'a', 'of', 'to', 'in', 'and', 'said', 'on', 'for', 'with', 'that', 'was', 'by', 'new', 'will'];
const ZH_CUES = ['据了解，', '记者注意到，', '他表示，', '数据显示，', '与此同时，', '目前，'];

interface Story {
  id: number;
  shape: 'portal' | 'farm' | 'english';
  title: string;
  paragraphs: string[];
  tags: string[];
  date: Date;
  url: string;
  file: string;
  related: number[];
  /** For a farm page: the portal story it copies. */
  copyOf?: number;
  /** Its topic's names. */
  names: string[];
}

export interface GeneratedArchive {
  dir: string;
  pages: number;
  bytes: number;
}

export function generateArchive(dir: string, pages: number, seed = 1): GeneratedArchive {
  const rnd = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const int = (min: number, max: number) => min + Math.floor(rnd() * (max - min + 1));
  const zhWord = () => Array.from({ length: int(1, 3) }, () => pick(HAN)).join('');
  const zhSentence = () => `${rnd() < 0.3 ? pick(ZH_CUES) : ''}${Array.from({ length: int(8, 20) }, zhWord).join('')}。`;
  const enWord = () => (rnd() < 0.35 ? pick(EN_FUNCTION) : Array.from({ length: int(1, 3) }, () => pick(SYLLABLES)).join(''));
  const enSentence = () => {
    const words = Array.from({ length: int(10, 24) }, enWord).join(' ');
    return `${words[0]!.toUpperCase()}${words.slice(1)}.`;
  };
  const zhTags = Array.from({ length: 120 }, () => Array.from({ length: int(2, 4) }, () => pick(HAN)).join(''));
  const enTags = Array.from({ length: 120 }, () => `${pick(SYLLABLES)}${pick(SYLLABLES)}`);

  // Each topic has a few names in each language: people, places, firms.
  const topics = Array.from({ length: Math.max(1, Math.round(pages / STORIES_PER_TOPIC)) }, () => ({
    zh: Array.from({ length: 3 }, () => Array.from({ length: int(2, 3) }, () => pick(NAME_HAN)).join('')),
    en: Array.from({ length: 3 }, () => Array.from({ length: int(2, 3) }, () => pick(SYLLABLES)).join('').replace(/^./, (c) => c.toUpperCase())),
  }));
  /** A third of the sentences name one of the topic's names. */
  const named = (sentence: string, names: string[], zh: boolean) => (rnd() < 0.33 ? `${pick(names)}${zh ? '' : ' '}${sentence}` : sentence);

  const stories: Story[] = [];
  const portals: Story[] = [];
  for (let id = 0; id < pages; id++) {
    const shape = id % 5 === 3 && id > 3 ? 'farm' : id % 5 === 4 ? 'english' : 'portal';
    const date = new Date(Date.UTC(2020, 0, 1) + Math.floor(rnd() * 5 * 365 * 86400_000));
    const zh = shape !== 'english';
    // A farm page copies an earlier portal story: same paragraphs less one, a new headline.
    const source = shape === 'farm' ? portals[int(0, portals.length - 1)] : undefined;
    const names = source?.names ?? pick(topics)[zh ? 'zh' : 'en'];
    const paragraphs = source
      ? source.paragraphs.filter((_, i) => i !== 1)
      : Array.from({ length: int(6, 22) }, () => Array.from({ length: int(2, 5) }, () => named(zh ? zhSentence() : enSentence(), names, zh)).join(zh ? '' : ' '));
    const title = zh ? `${names[0]}${Array.from({ length: int(3, 7) }, zhWord).join('')}` : `${names[0]} ${enSentence().slice(0, int(40, 80)).replace(/\s+\S*$/, '')}`;
    const tags = Array.from({ length: int(2, 5) }, () => pick(zh ? zhTags : enTags));
    const [host, path] = shape === 'portal' ? ['news.portal-bench.cn', `/${date.getUTCFullYear()}/${id}.html`] : shape === 'farm' ? ['www.farm-bench.com', `/archives/${id}.html`] : ['www.daily-bench.example', `/news/${date.getUTCFullYear()}/story-${id}`];
    stories.push({ id, shape, title, paragraphs, tags: [...new Set(tags)], date, url: `https://${host}${path}`, file: `${shape}/${id}.html`, related: [], copyOf: source?.id, names });
    if (shape === 'portal') portals.push(stories[id]!);
  }
  for (const story of stories) {
    const count = int(3, 8);
    for (let i = 0; i < count && stories.length > 1; i++) {
      const other = int(0, stories.length - 1);
      if (other !== story.id && !story.related.includes(other)) story.related.push(other);
    }
  }

  let bytes = 0;
  for (const shape of ['portal', 'farm', 'english']) mkdirSync(join(dir, shape), { recursive: true });
  for (const story of stories) {
    const html = story.shape === 'portal' ? portalPage(story, stories, rnd) : story.shape === 'farm' ? farmPage(story, stories, rnd) : englishPage(story, stories, rnd);
    const out = story.shape === 'portal' ? iconv.encode(html, 'gbk') : Buffer.from(html, 'utf8');
    writeFileSync(join(dir, story.file), out);
    bytes += out.length;
  }
  return { dir, pages, bytes };
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const pad = (n: number) => String(n).padStart(2, '0');

/** Navigation, sidebars, scripts and footers: most of a real page's bytes. */
function chrome(rnd: () => number, zh: boolean, links: Story[]): { head: string; nav: string; side: string; foot: string } {
  const script = `<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}${'var x=1;'.repeat(2000 + Math.floor(rnd() * 4000))}</script>`;
  const style = `<style>${'.c{margin:0;padding:0}'.repeat(800 + Math.floor(rnd() * 1200))}</style>`;
  const list = (items: Story[]) => items.map((s) => `<li><a href="${s.url}">${esc(s.title)}</a></li>`).join('');
  const hot = links.slice(0, 10);
  return {
    head: `${style}${script}`,
    nav: `<div class="topbar"><ul class="nav">${Array.from({ length: 24 }, (_, i) => `<li><a href="/channel/${i}/">${zh ? `频道${i}` : `Section ${i}`}</a></li>`).join('')}</ul></div>`,
    side: `<aside class="sidebar"><h3>${zh ? '热点排行' : 'Most read'}</h3><ol>${list(hot)}</ol><div class="ad">${'<img src="/ad.gif" alt="">'.repeat(6)}</div></aside>`,
    foot: `<footer><p>${zh ? '版权所有 © 2025 本站 京ICP备00000000号' : '© 2025 The Daily. All rights reserved.'}</p><ul>${Array.from({ length: 30 }, (_, i) => `<li><a href="/about/${i}">${zh ? `关于${i}` : `About ${i}`}</a></li>`).join('')}</ul></footer>${script}`,
  };
}

function portalPage(story: Story, stories: Story[], rnd: () => number): string {
  const d = story.date;
  const c = chrome(rnd, true, stories.slice(0, 10));
  const related = story.related.map((i) => stories[i]!).map((s) => `<li><a href="${s.url}">${esc(s.title)}</a><span>${s.date.toISOString().slice(0, 10)}</span></li>`).join('');
  return `<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>${esc(story.title)}_滢州新闻网</title><meta name="keywords" content="${story.tags.join(',')}"><link rel="canonical" href="${story.url}">${c.head}</head><body>${c.nav}
<div class="crumb"><a href="/">首页</a> &gt; <a href="/news/">新闻</a> &gt; 正文</div>
<div class="main"><div class="article"><h1>${esc(story.title)}</h1>
<div class="info">${d.getUTCFullYear()}年${pad(d.getUTCMonth() + 1)}月${pad(d.getUTCDate())}日 ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}　来源：滢州日报　记者 | 林${'晓明华'[story.id % 3]}</div>
<div class="content">${story.paragraphs.map((p) => `<p>　　${esc(p)}</p>`).join('\n')}
<p class="img"><img src="/pic/${story.id}.jpg" alt=""></p><p class="caption">图为现场。</p>
<p>（责任编辑：王${'一二三'[story.id % 3]}）</p></div>
<div class="tags">标签：${story.tags.map((t) => `<a href="/tag/${encodeURIComponent(t)}">${esc(t)}</a>`).join(' ')}</div>
<div class="related"><h3>相关阅读</h3><ul>${related}</ul></div></div>${c.side}</div>${c.foot}</body></html>`;
}

function farmPage(story: Story, stories: Story[], rnd: () => number): string {
  const c = chrome(rnd, true, stories.slice(5, 15));
  const cards = story.related.map((i) => stories[i]!).map((s) => `<div class="card"><a href="${s.url}"><h4>${esc(s.title)}</h4></a><p>${esc(s.paragraphs[0]!.slice(0, 40))}…</p></div>`).join('');
  // SingleFile writes the saving browser's Date#toString(); this is its form for a UTC machine.
  const [wd, day, mon, year, time] = new Date(story.date.getTime() + 5 * 86400_000).toUTCString().replace(',', '').split(' ');
  const saved = `${wd} ${mon} ${day} ${year} ${time}`;
  return `<!DOCTYPE html> <html lang="zh-CN"><!--
 Page saved with SingleFile
 url: ${story.url}
 saved date: ${saved} GMT+0000 (Coordinated Universal Time)
--><head><meta charset="utf-8"><title>${esc(story.title)} | 趣览网</title>${c.head}</head><body>${c.nav}
<article class="post"><h1 class="entry-title">${esc(story.title)}</h1><div class="meta"><span>admin</span><span>3天前</span><span>未分类</span></div>
<div class="entry-content">${story.paragraphs.map((p) => `<p>${esc(p)}</p>`).join('\n')}<p>本文转载自网络，版权归原作者所有，如有侵权请联系删除。</p></div>
<div class="related-posts"><h3>相关文章</h3>${cards}</div></article>${c.side}${c.foot}</body></html>`;
}

function englishPage(story: Story, stories: Story[], rnd: () => number): string {
  const c = chrome(rnd, false, stories.slice(2, 12));
  const ld = { '@context': 'https://schema.org', '@type': 'NewsArticle', headline: story.title, datePublished: story.date.toISOString(), author: [{ '@type': 'Person', name: 'Ann Vale' }, { '@type': 'Person', name: 'Tom Reed' }], keywords: story.tags.join(', ') };
  const related = story.related.map((i) => stories[i]!).map((s) => `<li><a href="${s.url}">${esc(s.title)}</a></li>`).join('');
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${esc(story.title)} - The Daily</title><meta property="og:title" content="${esc(story.title)}"><meta property="og:url" content="${story.url}"><meta property="article:published_time" content="${story.date.toISOString()}">${story.tags.map((t) => `<meta property="article:tag" content="${t}">`).join('')}<script type="application/ld+json">${JSON.stringify(ld)}</script>${c.head}</head><body>${c.nav}
<main><article><h1>${esc(story.title)}</h1><p class="byline">By Ann Vale and Tom Reed</p><time datetime="${story.date.toISOString()}">${story.date.toUTCString()}</time>
<div class="article-body">${story.paragraphs.slice(0, 3).map((p) => `<p>${esc(p)}</p>`).join('\n')}<div class="newsletter"><p>Sign up for our morning newsletter.</p><form><input type="email"></form></div>${story.paragraphs.slice(3).map((p) => `<p>${esc(p)}</p>`).join('\n')}</div>
<section class="related"><h2>Related</h2><ul>${related}</ul></section></article></main>${c.side}${c.foot}</body></html>`;
}
