// Scraped pages for the XSS suite, generated from the vector table (test/xss-vectors.ts): one page
// per vector, an English news article of ordinary shape with the vector in every place a page
// gives folio something (body, headline, metadata, caption, image, related list, address).
// Each page gets its own made-up text, so no two are merged as duplicates.

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ALL_VECTORS, type NumberedVector } from './xss-vectors.ts';

/** Where the fixture site says it lives; only this host's addresses are the pages' own. */
export const HOSTILE_HOST = 'https://hostile.example';
/** The pictures the pages carry; the only hot-linked host the browser may be asked for besides vectors' own images. */
export const IMAGE_HOST = 'https://img.hostile.example';

const WORDS = (
  'harbour council budget river station market winter festival museum bridge transport school farmers rainfall ' +
  'library election hospital factory orchard coastline railway tourism volunteers parliament theatre airport ' +
  'vineyard bakery district engineers archive cathedral fishermen glacier highway island journalist lighthouse ' +
  'mayor neighbourhood observatory pension quarry reservoir shipyard tramline university valley warehouse ' +
  'yearly zoning ambulance brewery canal dockyard estuary ferry granary hillside infirmary junction kiln meadow'
).split(' ');

/** Deterministic made-up prose: the same seed gives the same text, different seeds different text. */
export function prose(seed: number, sentences: number): string {
  let state = (seed * 2654435761) >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % WORDS.length;
  };
  const out: string[] = [];
  for (let s = 0; s < sentences; s++) {
    const words = Array.from({ length: 12 + (next() % 6) }, () => WORDS[next()]!);
    out.push(`${words[0]![0]!.toUpperCase()}${words.join(' ').slice(1)}.`);
  }
  return out.join(' ');
}

/** Text as it must appear in HTML text and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function pageAddress(id: number): string {
  return `${HOSTILE_HOST}/news/2025/case-${id}.html`;
}

/** The headline a vector's page gives: case number first, so each page is found again in dist/. */
export function headline(vector: NumberedVector): string {
  return `Case ${vector.id}: ${vector.html}`;
}

export function hostilePage(vector: NumberedVector): string {
  const text = escapeHtml(vector.html);
  const title = escapeHtml(headline(vector));
  const own = pageAddress(vector.id);
  const hostileUrl = vector.url === undefined ? null : escapeHtml(vector.url);
  const picture = `${IMAGE_HOST}/photos/${vector.id}.jpg`;
  const published = new Date(Date.UTC(2025, 2, 1, 8) + vector.id * 3_600_000).toISOString();
  const site = vector.id % 4 === 0 ? text : 'Hostile Times';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${title} | Hostile Times</title>
<link rel="canonical" href="${hostileUrl ?? own}">
<meta property="og:url" content="${own}">
<meta property="og:type" content="article">
<meta property="og:title" content="${title}">
<meta property="og:site_name" content="${site}">
<meta property="og:image" content="${hostileUrl ?? picture}">
<meta property="og:description" content="${text}">
<meta name="author" content="Jane ${text}">
<meta property="article:published_time" content="${published}">
<meta property="article:section" content="${text}">
<meta property="article:tag" content="${text}">
<meta property="article:tag" content="hostile ${vector.kind}">
</head>
<body>
<header class="site-header"><a href="/">Hostile Times</a> <nav><a href="/news/">News</a> <a href="/sport/">Sport</a></nav></header>
<main>
<article class="post">
<h1>${title}</h1>
<p class="byline">By Jane Roe</p>
<p>Source: ${text}</p>
<p>${prose(vector.id * 3, 5)}</p>
<div class="story-extra">${vector.html}</div>
<p>${prose(vector.id * 3 + 1, 5)}</p>
<figure><img src="${hostileUrl ?? picture}" alt="${text}"><figcaption>${text}</figcaption></figure>
<p>${prose(vector.id * 3 + 2, 4)} ${text}</p>
<blockquote><p>${prose(vector.id * 7, 2)}</p></blockquote>
</article>
<section class="related-stories">
<h2>Related stories</h2>
<ul>
<li><a href="${pageAddress(vector.id === 1 ? 2 : vector.id - 1)}">Earlier case ${vector.id}: ${text}</a></li>
<li><a href="${hostileUrl ?? `https://elsewhere.example/story/${vector.id}`}">Elsewhere ${vector.id}: ${text}</a></li>
</ul>
</section>
</main>
<footer><p>© Hostile Times</p></footer>
</body>
</html>
`;
}

/** Writes one page per vector into `dir` (case-<id>.html) and returns the vectors written. */
export async function writeHostilePages(dir: string, vectors: readonly NumberedVector[] = ALL_VECTORS): Promise<NumberedVector[]> {
  await mkdir(dir, { recursive: true });
  for (const vector of vectors) await writeFile(join(dir, `case-${String(vector.id).padStart(3, '0')}.html`), hostilePage(vector));
  return [...vectors];
}
