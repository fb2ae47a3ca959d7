// Before the HTML parser: empty the bodies of scripts and style sheets that extraction never reads.
// Real pages carry tens of kilobytes of inline JavaScript and CSS; the tokenizer would read every
// character of it and build strings for it only for stripJunk to throw them away.

/** Scripts whose content extraction reads: JSON-LD metadata and bodies shipped as templates. */
const KEPT_SCRIPT = /\btype\s*=\s*["']?\s*(?:application\/(?:ld\+)?json|text\/(?:template|html|x-template))/i;
const OPENING = /<(script|style)\b[^>]*>/gi;
// Searched in the page itself: lower-casing a copy can change its length (İ) and shift positions.
const CLOSING = { script: /<\/script/gi, style: /<\/style/gi } as const;

export function emptyScriptsAndStyles(html: string): string {
  const parts: string[] = [];
  let copied = 0;
  OPENING.lastIndex = 0;
  for (let m = OPENING.exec(html); m; m = OPENING.exec(html)) {
    const name = m[1]!.toLowerCase() as keyof typeof CLOSING;
    const closing = CLOSING[name];
    const start = m.index + m[0].length;
    closing.lastIndex = start;
    const end = closing.exec(html)?.index ?? -1;
    if (end < 0) break;
    OPENING.lastIndex = end;
    const escaped = html.slice(start, end).includes('<!--');
    // `<!--` inside a script changes where the tokenizer ends it ("escaped" script data): leave those.
    if (end === start || (name === 'script' && (KEPT_SCRIPT.test(m[0]) || escaped))) continue;
    parts.push(html.slice(copied, start));
    copied = end;
  }
  if (!parts.length) return html;
  parts.push(html.slice(copied));
  return parts.join('');
}
