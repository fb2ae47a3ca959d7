// Before the HTML parser: bounds on what one page may cost. Embedded files (SingleFile's data:
// images) are left out, a page still bigger than any article is refused with a clear reason, and
// element nesting is capped. Real pages never come near these bounds; hostile or broken ones
// would otherwise take minutes or exhaust memory and the call stack.

/** Deepest nesting kept; Chromium's parser stops nesting at the same depth. */
export const MAX_NESTING = 512;

/**
 * Most characters of markup and text a page may have once scripts, styles and embedded files are
 * left out: parsing costs about a second per million, and the biggest real article pages seen
 * have under two million.
 */
export const MAX_PAGE_CHARS = 16_000_000;

/** Shortest data: address worth leaving out: small icons can stay, embedded photos (tens of KB and up) go. */
const MIN_EMBEDDED_CHARS = 256;

/**
 * The page's markup without the payload of long data: addresses (SingleFile embeds every image so;
 * extraction never reads them: images must have http(s) addresses), and never over MAX_PAGE_CHARS.
 */
export function boundedMarkup(html: string): string {
  const light = withoutEmbeddedData(html);
  if (light.length > MAX_PAGE_CHARS) {
    const millions = Math.round(light.length / 1e6);
    throw new Error(`the page is too big: ${millions} million characters of markup and text without its scripts, styles and embedded images, ` +
      `more than the ${MAX_PAGE_CHARS / 1e6} million folio reads (no article is that long); save the article's page alone, or split the file`);
  }
  return limitNesting(light);
}

/**
 * `html` with the payload of every long data: address replaced by nothing ("data:,"). Scanned by
 * hand: a regular expression over a 50 MB address overflows the regex engine's backtracking stack.
 */
function withoutEmbeddedData(html: string): string {
  const parts: string[] = [];
  let copied = 0;
  for (let start = html.indexOf('data:'); start >= 0; start = html.indexOf('data:', start + 5)) {
    // Only an address: an attribute value or CSS url(), never "data:" in the text.
    if (!OPENS_DATA.has(html.charCodeAt(start - 1))) continue;
    let end = start + 5;
    while (end < html.length && isDataChar(html.charCodeAt(end))) end++;
    if (end - start < MIN_EMBEDDED_CHARS) continue;
    parts.push(html.slice(copied, start + 5), ',');
    copied = end;
    start = end - 5;
  }
  if (!parts.length) return html;
  parts.push(html.slice(copied));
  return parts.join('');
}

const OPENS_DATA = new Set([...'"\'=('].map((c) => c.charCodeAt(0)));
const ENDS_DATA = new Set([...'"\'>)'].map((c) => c.charCodeAt(0)));

/** Base64 and %-encoded data are printable ASCII without quotes, `>` or `)`: text in any script ends the address. */
function isDataChar(code: number): boolean {
  return code > 0x20 && code < 0x7f && !ENDS_DATA.has(code);
}

/**
 * Start tags and comment openers; only the tag name is read, the tag's end is found with indexOf
 * (a pattern that had to reach the closing `>` could backtrack over a page without one).
 */
const TOKEN = /<!--|<(\/?)([a-zA-Z][a-zA-Z0-9-]*)/g;

/**
 * Elements without content, and elements whose end tags are optional and that never nest in
 * themselves (a <p> closes the open <p>); table parts are counted with their table.
 */
const NOT_NESTING = new Set([
  'area', 'base', 'basefont', 'bgsound', 'br', 'col', 'embed', 'frame', 'hr', 'image', 'img', 'input', 'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr',
  'p', 'option', 'optgroup', 'tr', 'td', 'th', 'thead', 'tbody', 'tfoot', 'colgroup', 'caption', 'rb', 'rt', 'rtc', 'rp', 'html', 'head', 'body',
]);

/** Levels an element adds to the tree: a table brings its (implied) tbody, row and cell. */
function levels(name: string): number {
  return name === 'table' ? 4 : 1;
}

/** Elements whose content is text up to their end tag: tags inside them are not elements. */
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'noscript', 'plaintext']);

/** SVG and MathML, where `<x/>` closes itself. */
const FOREIGN = new Set(['svg', 'math']);

/** An open element closed by the start of another of these (within its list, for items), never nested in it. */
const CLOSED_BY_NEXT: Record<string, { siblings: string[]; containers: string[] }> = {
  a: { siblings: ['a'], containers: [] },
  nobr: { siblings: ['nobr'], containers: [] },
  li: { siblings: ['li'], containers: ['ul', 'ol', 'menu'] },
  dt: { siblings: ['dt', 'dd'], containers: ['dl'] },
  dd: { siblings: ['dt', 'dd'], containers: ['dl'] },
};

const closingTags = new Map<string, RegExp>();
function closingTag(name: string): RegExp {
  let pattern = closingTags.get(name);
  if (!pattern) closingTags.set(name, (pattern = new RegExp(`</${name}`, 'gi')));
  return pattern;
}

/**
 * `html` with start tags deeper than MAX_NESTING (and as many end tags of the same names) removed,
 * their text kept. The depth is followed the way the HTML parser builds the tree, closely enough:
 * an end tag closes everything opened inside its element, comments and raw text hold no tags.
 * Unchanged (the same string) for any ordinary page.
 */
export function limitNesting(html: string): string {
  const open: string[] = [];
  let depth = 0;
  let foreign = 0;
  /** Start tags dropped and not yet matched by an end tag, by name. */
  const dropped = new Map<string, number>();
  const parts: string[] = [];
  let copied = 0;
  const cut = (start: number, end: number) => {
    parts.push(html.slice(copied, start));
    copied = end;
  };
  const closeFrom = (at: number) => {
    for (let i = at; i < open.length; i++) {
      depth -= levels(open[i]!);
      if (FOREIGN.has(open[i]!)) foreign--;
    }
    open.length = at;
  };
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(html); m; m = TOKEN.exec(html)) {
    if (m[0] === '<!--') {
      const end = html.indexOf('-->', TOKEN.lastIndex);
      if (end < 0) break;
      TOKEN.lastIndex = end + 3;
      continue;
    }
    const name = m[2]!.toLowerCase();
    const tagEnd = html.indexOf('>', TOKEN.lastIndex);
    if (tagEnd < 0) break;
    if (m[1] === '/') {
      const pending = dropped.get(name) ?? 0;
      if (pending > 0) {
        dropped.set(name, pending - 1);
        cut(m.index, tagEnd + 1);
      } else {
        const at = open.lastIndexOf(name);
        if (at >= 0) closeFrom(at);
      }
      continue;
    }
    if (foreign === 0 && RAW_TEXT.has(name)) {
      const closing = closingTag(name);
      closing.lastIndex = tagEnd + 1;
      const end = closing.exec(html);
      if (!end) break;
      TOKEN.lastIndex = end.index;
      continue;
    }
    if (NOT_NESTING.has(name) || (foreign > 0 && html.charCodeAt(tagEnd - 1) === 0x2f)) continue;
    const closes = CLOSED_BY_NEXT[name];
    if (closes) {
      const at = Math.max(...closes.siblings.map((sibling) => open.lastIndexOf(sibling)));
      const container = Math.max(-1, ...closes.containers.map((list) => open.lastIndexOf(list)));
      if (at > container) closeFrom(at);
    }
    if (depth + levels(name) > MAX_NESTING) {
      dropped.set(name, (dropped.get(name) ?? 0) + 1);
      cut(m.index, tagEnd + 1);
      continue;
    }
    open.push(name);
    depth += levels(name);
    if (FOREIGN.has(name)) foreign++;
  }
  if (!parts.length) return html;
  parts.push(html.slice(copied));
  return parts.join('');
}
