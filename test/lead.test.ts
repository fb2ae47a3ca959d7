// The standfirst rule (src/parse/lead.ts) on small pages written for the project.

import { describe, expect, it } from 'vitest';
import { parsePage } from '../src/parse/index.ts';

const paragraphs = [
  'The council met on Monday evening to settle the question of the harbour wall, which has been closed to walkers since the storms of last winter.',
  'Engineers told the meeting that the stones at the seaward end have shifted by almost a metre, and that the repair cannot wait another season.',
  'The work will be paid for from the reserve fund, leaving the road budget untouched. Fishing boats will use the north quay while the crews are on site.',
  'Residents asked whether the path along the top of the wall would reopen afterwards. The harbour master said it would, with a new railing on the open side.',
].map((text) => `<p>${text}</p>`).join('\n');

function page(inner: string): Buffer {
  return Buffer.from(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Harbour wall to be repaired</title></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>${inner}<footer>The Harbour Gazette</footer></body></html>`);
}

describe('standfirst', () => {
  it('is found beside an <article> that sits inside the page\'s article', () => {
    const html = page(`<article class="story">
<header class="story-head"><h1>Harbour wall to be repaired</h1>
<p class="dek">The wall has been closed since the winter storms and will be rebuilt before the summer season starts.</p></header>
<div class="story-body"><div class="wrap"><div class="column"><div class="tools"><a href="/print">Print</a></div><article class="text">${paragraphs}</article></div></div></div>
</article>`);
    const parsed = parsePage(html, { file: 'nested.html' });
    expect(parsed.text).toContain('will be rebuilt before the summer season starts.');
    expect(parsed.text).toContain('The council met on Monday evening');
  });

  it('is not looked for outside the outermost <article>', () => {
    const html = page(`<div class="teaser"><p class="summary">Another story entirely: the ferry timetable changes next week, with two extra crossings on Sundays.</p></div>
<div class="column"><div class="tools"><a href="/print">Print</a></div><article class="text">${paragraphs}</article></div>`);
    const parsed = parsePage(html, { file: 'outer.html' });
    expect(parsed.text).not.toContain('ferry timetable');
    expect(parsed.text).toContain('The council met on Monday evening');
  });

  it('is found inside a header named "intro" that also holds the headline and a list', () => {
    const html = page(`<div class="top"><header class="page-intro"><h1>Harbour wall to be repaired</h1><ul class="facts"><li>Harbour</li><li>Council</li></ul>
<p class="page-lead">The wall has been closed since the winter storms and will be rebuilt before the summer season starts.</p></header></div>
<div class="main"><div class="tools"><a href="/print">Print</a></div><div class="text">${paragraphs}</div></div>`);
    const parsed = parsePage(html, { file: 'intro.html' });
    expect(parsed.text).toContain('will be rebuilt before the summer season starts.');
    expect(parsed.text).toContain('The council met on Monday evening');
  });

  it('shown twice, in the header and again as the abstract above the text, is taken once', () => {
    const summary = 'Engineers say the seaward end of the wall has shifted and must be rebuilt this spring.';
    const html = page(`<article>
<header class="detail-header"><div class="detail-header-content"><h1>Harbour wall to be repaired</h1><p class="detail-dek">${summary}</p></div></header>
<div class="detail-contents"><section class="grid"><div class="grid-body">
<div class="detail-abstract"><p>${summary}</p></div>
<div class="detail-body">${paragraphs}</div>
</div></section></div>
</article>`);
    const parsed = parsePage(html, { file: 'twice.html' });
    expect(parsed.text.split(summary).length - 1).toBe(1);
    expect(parsed.text).toContain('The harbour master said it would');
  });
});
