// The one-page edits the rebuild benchmarks make to a generated portal page (GBK bytes, edited as
// latin1 so that only ASCII is added): `body` adds a paragraph to the story, which no list shows;
// `title` adds a word to its headline, which its tag, site, date and home lists, its neighbours
// and the "more like this" lists holding it show; `tags` gives it one more tag, a new one (its own
// tag page) that the next edit replaces, so one tag page comes and one goes.

export type EditKind = 'body' | 'title' | 'tags';

export const EDIT_KINDS: readonly EditKind[] = ['body', 'title', 'tags'];

/** The page's bytes with edit number `n` of `kind` made (each `n` gives different bytes). */
export function editedPage(original: Buffer, kind: EditKind, n: number): Buffer {
  const page = original.toString('latin1');
  const edited = kind === 'title'
    ? page.replace('</h1>', ` v${n}</h1>`).replace(/(<title>[^_<]*)/, `$1 v${n}`)
    : kind === 'tags'
      ? page.replace(/(<div class="tags">[^\n]*?)<\/div>/, `$1 <a href="/tag/bench-${n}">bench-${n}</a></div>`)
      : page.replace('</p>', `</p><p>bench: one more paragraph in the story (${n}).</p>`);
  if (edited === page) throw new Error(`the generated page has no place for a ${kind} edit`);
  return Buffer.from(edited, 'latin1');
}
