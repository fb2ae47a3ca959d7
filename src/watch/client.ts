// The script injected into served HTML pages (never into dist/): it listens on the event stream,
// reloads the page after a rebuild and shows the last rebuild's problems in a small overlay.

export const EVENTS_PATH = '/__folio/events';
export const CLIENT_PATH = '/__folio/reload.js';

/** The tag added before </body>; a separate file rather than inline code, so a page's CSP can allow it. */
export const CLIENT_TAG = `<script src="${CLIENT_PATH}" data-folio-watch></script>`;

// Plain browser JavaScript, served as is. Problem text is set with textContent, never as HTML:
// file names and parser messages come from scraped pages.
export const CLIENT_SCRIPT = `(() => {
  const OVERLAY_ID = '__folio-problems';
  const events = new EventSource(${JSON.stringify(EVENTS_PATH)});
  // Marks the page as listening (tests wait for it before they change a file).
  events.addEventListener('open', () => document.documentElement.setAttribute('data-folio-watch', 'listening'));
  events.addEventListener('reload', () => location.reload());
  events.addEventListener('problems', (event) => show(JSON.parse(event.data).lines));

  function show(lines) {
    document.getElementById(OVERLAY_ID)?.remove();
    if (!lines.length) return;
    const box = document.createElement('div');
    box.id = OVERLAY_ID;
    box.setAttribute('role', 'alert');
    box.style.cssText = 'position:fixed;left:0;right:0;bottom:0;z-index:2147483647;max-height:40vh;overflow:auto;' +
      'margin:0;padding:12px 16px;background:#3b0d0d;color:#ffe9e9;font:13px/1.5 ui-monospace,monospace;' +
      'white-space:pre-wrap;border-top:3px solid #e5484d';
    const close = document.createElement('button');
    close.type = 'button';
    close.textContent = '×';
    close.setAttribute('aria-label', 'Close');
    close.style.cssText = 'float:right;background:none;border:0;color:inherit;font-size:20px;cursor:pointer';
    close.addEventListener('click', () => box.remove());
    const title = document.createElement('strong');
    title.textContent = 'folio watch: the last rebuild had problems';
    const text = document.createElement('div');
    text.textContent = lines.join('\\n');
    box.append(close, title, text);
    document.body.append(box);
  }
})();
`;

/** The page with the client tag before its last </body>, or at the end when it has none. */
export function injectClient(html: string): string {
  // Searched in the page itself: a lower-cased copy can be longer (İ) and shift every position.
  const at = [...html.matchAll(/<\/body\s*>/gi)].at(-1)?.index;
  return at === undefined ? html + CLIENT_TAG : html.slice(0, at) + CLIENT_TAG + html.slice(at);
}
