// The one-page edits the rebuild benchmarks make to a generated portal page (GBK bytes, edited as
// latin1 so that only ASCII is added): `body` adds a paragraph to the story, which no list shows;
// `title` adds a word to its headline, which its tag, site, date and home lists, its neighbours
// and the "more like this" lists holding it show; `tags` gives it one more tag, a new one (its own
// tag page) that the next edit replaces, so one tag page comes and one goes. Two changes are to
// the archive rather than the page: `new` adds a page beside it, another story of the same day and
// topic (its paragraphs' characters shuffled, a new headline and address), which every list after
// it in time shifts for; `gone` deletes an English page (a story no other page copies), whose
// article goes when the import prunes.

import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type EditKind = 'body' | 'title' | 'tags';

export const EDIT_KINDS: readonly EditKind[] = ['body', 'title', 'tags'];

export type ChangeKind = EditKind | 'new' | 'gone';

export const CHANGE_KINDS: readonly ChangeKind[] = [...EDIT_KINDS, 'new', 'gone'];

/** How each change is named in reports. */
export const CHANGE_NAMES: Record<ChangeKind, string> = {
  body: 'one page changed',
  title: "one page's headline changed",
  tags: "one page's tags changed",
  new: 'one page added',
  gone: 'one page deleted',
};

/**
 * Changes to the generated archive in `scraped` (its first portal page edited, portal pages added,
 * English pages deleted): `make(kind, n)` makes change `n` of `kind` and gives the file that
 * changed; `undo()` puts every page back as it was.
 */
export class ArchiveChanges {
  private readonly portal: string;
  private readonly names: string[];
  private readonly english: string;
  private readonly englishNames: string[];
  /** The edited page's bytes as generated. */
  private readonly original: Buffer;
  private readonly deleted = new Map<string, Buffer>();
  private readonly added = new Set<string>();

  constructor(scraped: string) {
    this.portal = join(scraped, 'portal');
    this.names = readdirSync(this.portal).sort();
    this.original = readFileSync(this.edited);
    this.english = join(scraped, 'english');
    this.englishNames = readdirSync(this.english).sort();
  }

  /** The page the edits change. */
  get edited(): string {
    return join(this.portal, this.names[0]!);
  }

  make(kind: ChangeKind, n: number): string {
    if (kind === 'new') {
      const file = join(this.portal, `zz-bench-new-${n}.html`);
      writeFileSync(file, newPage(this.original, n));
      this.added.add(file);
      return file;
    }
    if (kind === 'gone') {
      const file = join(this.english, this.englishNames[n]!);
      this.deleted.set(file, readFileSync(file));
      rmSync(file);
      return file;
    }
    writeFileSync(this.edited, editedPage(this.original, kind, n));
    return this.edited;
  }

  /** Puts the pages back; gives the files that changed for that. */
  undo(): string[] {
    const files = [this.edited, ...this.added, ...this.deleted.keys()];
    writeFileSync(this.edited, this.original);
    for (const file of this.added) rmSync(file, { force: true });
    for (const [file, bytes] of this.deleted) writeFileSync(file, bytes);
    this.added.clear();
    this.deleted.clear();
    return files;
  }
}

/** Another story of the page's day and topic (number `n`): each paragraph's characters shuffled, a new headline and address. */
function newPage(original: Buffer, n: number): Buffer {
  const page = original.toString('latin1');
  let seed = n + 1;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  // GBK: a paragraph of Han characters is a run of two-byte pairs.
  const shuffled = page.replace(/<p>((?:[\x80-\xff]{2})+)<\/p>/g, (_m, inner: string) => {
    const pairs = inner.match(/[\s\S]{2}/g)!;
    for (let i = pairs.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [pairs[i], pairs[j]] = [pairs[j]!, pairs[i]!];
    }
    return `<p>${pairs.join('')}</p>`;
  });
  const made = shuffled
    .replace('</h1>', ` new ${n}</h1>`)
    .replace(/(<title>[^_<]*)/, `$1 new ${n}`)
    .replace(/(<link rel="canonical" href="[^"]*?)\.html/, `$1-new-${n}.html`);
  if (made === page || shuffled === page) throw new Error('the generated page has no place for a new story');
  return Buffer.from(made, 'latin1');
}

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
