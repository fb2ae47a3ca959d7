// Script and style bodies are emptied before parsing, except those extraction reads or whose end
// the HTML tokenizer finds differently; what the parser then sees is otherwise unchanged.

import { load } from 'cheerio';
import { describe, expect, it } from 'vitest';
import { emptyScriptsAndStyles } from '../src/parse/rawtext.ts';

describe('emptyScriptsAndStyles', () => {
  it('empties JavaScript and CSS and keeps the rest byte for byte', () => {
    const html = '<head><style>p{color:red}</style><SCRIPT src="a.js">var a = "</p>";</SCRIPT></head><body><p>正文</p><script>track()</script></body>';
    expect(emptyScriptsAndStyles(html)).toBe('<head><style></style><SCRIPT src="a.js"></SCRIPT></head><body><p>正文</p><script></script></body>');
  });

  it('keeps JSON-LD, template bodies and scripts with <!-- inside', () => {
    const html = [
      '<script type="application/ld+json">{"headline":"标题"}</script>',
      "<script type='text/template'><p>文章</p></script>",
      '<script><!-- document.write("<script>x()</script>") //--></script>',
    ].join('');
    expect(emptyScriptsAndStyles(html)).toBe(html);
  });

  it('keeps positions right after letters whose lower case is longer (İ)', () => {
    const html = '<p>İstanbul İzmir</p><script>x()</script><p>sonra</p>';
    expect(emptyScriptsAndStyles(html)).toBe('<p>İstanbul İzmir</p><script></script><p>sonra</p>');
  });

  it('leaves an unterminated script to the parser', () => {
    const html = '<p>一</p><script>var a = 1; <p>二</p>';
    expect(emptyScriptsAndStyles(html)).toBe(html);
  });

  it('gives the parser the same tree apart from script and style text', () => {
    const html = '<div><script>if (a < b) { x("</div>") }</script><p>after</p></div><style>.a{}</style><p>end</p>';
    const text = (h: string) => load(h)('body').find('p').map((_, p) => load(p).text()).get();
    expect(text(emptyScriptsAndStyles(html))).toEqual(text(html));
  });
});
