// "More like this": for each article, the archived articles that share its tags and its words.
// Score = text cosine (TF-IDF over CJK-aware tokens) + SIMILAR_TAG_WEIGHT × tag cosine. An article's
// text vector keeps its strongest terms among those at most shareCap articles have (a word most
// articles use says nothing about one). The IDF takes the archive's size as vectors.ts' idfBase
// rounds it, and each word's document count rounded the same way (dfBase), so a page added or
// removed reweighs only its own words, and of those mostly the rarest. Every sum runs in a fixed
// order (terms sorted), so two builds give the same lists.
//
// A SimilarIndex keeps what one call computed for the next (the rebuilds of `folio watch`): term
// counts, vectors, the term index and every article's list. A call then redoes only what the
// change can reach: the vectors of articles whose words changed or whose kept terms a changed
// rounded document frequency moves; the lists of articles whose vector changed, that a changed
// article now enters, or whose index terms crossed the cap; and the lists holding a changed
// article, which are only sorted again when its new score leaves the rest of the list as it was.
// The lists are the ones a fresh index gives (a seeded test checks it).

import type { ArticleRecord } from '../model/index.ts';
import {
  SIMILAR_BODY_CHARS, SIMILAR_COUNT, SIMILAR_MIN_SCORE, SIMILAR_PREVIEW_COUNT, SIMILAR_TAG_WEIGHT, SIMILAR_TERMS,
} from './constants.ts';
import type { ArticleEntry } from './collect.ts';
import { sameData } from './memo.ts';
import { compareText } from './text.ts';
import { contentWords, markdownWords } from './tokens.ts';
import { addDotProduct, dfBase, EMPTY, idfBase, sameVector, shareCap, strongerFirst, TermIndex, textVector, unit, weight, type Scores, type Vector, type Weighted } from './vectors.ts';
import type { ArticleRef, ArticleView } from './views.ts';

interface Listed {
  doc: Doc;
  score: number;
}

/** One article as the index knows it. */
interface Doc {
  /** The doc's number in this index, for the score table (never reused). */
  id: number;
  slug: string;
  /** Position in the home page's order (newest first): breaks ties between equal scores. */
  order: number;
  /** What that order is made of (newestFirst): while they stay, the doc keeps its place among the others. */
  time: number | null;
  title: string;
  tf: Map<string, number>;
  text: Vector;
  /** The weakest of the kept terms (null: the article has no more than SIMILAR_TERMS terms, all kept). */
  weakest: Weighted | null;
  tagKey: string;
  tags: Vector;
  /** Archive paths `related` already links (never listed again). */
  linked: Set<string>;
  linkedKey: string;
  /** The view's `related` that `linked` was made from, and its `tags` that `tagKey` was. */
  linkedFrom: unknown;
  tagsFrom: unknown;
  list: Listed[];
  /** The list as the view gets it, while its docs keep their refs. */
  refs: ArticleRef[];
  preview: ArticleRef[];
  entry: ArticleEntry;
}

/** What a call found changed since the previous one. */
interface Change {
  /** Docs whose vectors or place changed, new docs included. */
  changed: Set<Doc>;
  /** Docs new to the index. */
  added: Set<Doc>;
  /** Docs whose term counts changed. */
  recounted: Set<Doc>;
  /** Docs no longer among the articles. */
  gone: Doc[];
  /** Terms whose document frequency changed. */
  changedTerms: string[];
  /** Document frequencies before the call, of the terms it touched. */
  dfBefore: Map<string, number>;
}

/** What collect.ts' quick paths say changed (touchedDocs): the docs at touched places, new articles by place, gone docs. */
interface Hint {
  docs: Map<Doc, ArticleEntry>;
  added: Map<number, ArticleEntry>;
  gone: Doc[];
  /** Whether articles came or went (places after them moved). */
  resized: boolean;
}

interface NewVectors {
  text: Vector;
  weakest: Weighted | null;
  tags: Vector;
}

/** Index terms and tags that crossed the share cap in this call. */
interface Flipped {
  terms: Set<string>;
  tags: Set<string>;
}

/** Fills each article's `similar` and `similarPreview`. Run after linkRelated (it skips what `related` links). */
export function linkSimilar(articles: readonly ArticleEntry[], index = new SimilarIndex()): void {
  index.link(articles);
}

export class SimilarIndex {
  private docs = new Map<string, Doc>();
  /** The docs in page order (each one's `order` its place). */
  private ordered: Doc[] = [];
  private n = 0;
  private readonly df = new Map<string, number>();
  /** Each term's one string, that every article's counts hold (a term is dropped with its last article). */
  private readonly terms = new Map<string, string>();
  private readonly textIndex = new TermIndex<Doc>();
  private readonly tagIndex = new TermIndex<Doc>();
  /** Term counts by record object (tokenizing is most of a vector's cost; records read again only when their file changed keep their object). */
  private readonly counts = new WeakMap<ArticleRecord, { title: string; summary: string | null; body: string; tf: Map<string, number> }>();
  /**
   * term -> the docs whose counts hold it, for the terms it tracks: those within the share cap when it
   * was made (on the first call that needs to know which docs hold a term whose count fell) and each
   * term new since. Null until then (a build that is not followed by another never makes it).
   */
  private holding: Map<string, Set<Doc>> | null = null;
  /** Doc -> the docs whose lists hold it. */
  private readonly listedBy = new Map<Doc, Set<Doc>>();
  private nextId = 0;
  /** One doc's scores against all others, summed by doc number (reused: scoring runs once per list). */
  private readonly table = new ScoreTable<Doc>();
  /**
   * By doc number, the least score that may enter the doc's list: SIMILAR_MIN_SCORE, or its last
   * item's score when it is full. Read for the thousands of docs a scoring reaches, where their
   * lists would each be a look elsewhere in memory.
   */
  private bars = new Float64Array(0);

  /**
   * `replace` (collect.ts' quick paths, whose views are the previous model's and never changed):
   * called for each article whose lists change, it gives the entry to fill in instead. `touched`
   * (the quick paths too): the only positions whose entries may differ from the last call's, new
   * articles' included; every other article is at its place among the others with the entry it
   * had. `gone`: the slugs of the articles no longer there. Only what those entries can reach is
   * then looked at.
   */
  link(articles: readonly ArticleEntry[], replace?: (entry: ArticleEntry) => ArticleEntry, touched?: readonly number[], gone: readonly string[] = []): void {
    // The weights change with n only when its rounding does (idfBase).
    const baseChanged = idfBase(articles.length) !== idfBase(this.n);
    const hint = touched && !baseChanged ? this.touchedDocs(articles, touched, gone) : null;
    this.n = articles.length;
    const change = hint ? this.updateTouched(hint) : this.updateDocs(articles);
    const hinted = hint?.docs ?? null;
    const vectors = this.updateVectors(change, baseChanged, hinted);
    const flipped = this.updateIndexes(change, vectors, baseChanged);
    const { redo, reranked, relisted } = this.listsToRedo(change, flipped, hinted);
    for (const doc of redo) if (!relisted.has(doc)) this.relist(doc);
    for (const doc of hinted ? this.shownBy(new Set([...redo, ...reranked]), hinted) : this.docs.values()) {
      // The same arrays as last time while the list shows the same refs: unchanged views stay equal by identity.
      if (doc.refs.length !== doc.list.length || doc.list.some((item, i) => item.doc.entry.ref !== doc.refs[i])) {
        doc.refs = doc.list.map((item) => item.doc.entry.ref);
        doc.preview = doc.refs.slice(0, SIMILAR_PREVIEW_COUNT);
      }
      const { view } = doc.entry;
      if (view.similar === doc.refs && view.similarPreview === doc.preview) continue;
      if (replace) {
        // A kept view can hold equal lists made by an earlier build.
        if (sameData(view.similar, doc.refs) && sameData(view.similarPreview, doc.preview)) continue;
        doc.entry = replace(doc.entry);
      }
      doc.entry.view.similar = doc.refs;
      doc.entry.view.similarPreview = doc.preview;
    }
  }

  /**
   * The docs at the `touched` positions and the entries there that are new, with the `gone` docs;
   * null when the hint does not fit the index (the slow way then): a slug at a touched position
   * that is gone, a kept doc not at its place when no article came or went, counts that differ.
   */
  private touchedDocs(articles: readonly ArticleEntry[], touched: readonly number[], gone: readonly string[]): Hint | null {
    const docs = new Map<Doc, ArticleEntry>();
    const added = new Map<number, ArticleEntry>();
    const goneDocs: Doc[] = [];
    for (const slug of new Set(gone)) {
      const doc = this.docs.get(slug);
      if (!doc) return null;
      goneDocs.push(doc);
    }
    const resized = articles.length !== this.n || goneDocs.length > 0;
    for (const at of touched) {
      const entry = articles[at];
      if (!entry) return null;
      const doc = this.docs.get(entry.record.slug);
      if (!doc) added.set(at, entry);
      else if (gone.includes(doc.slug) || (!resized && doc.order !== at)) return null;
      else docs.set(doc, entry);
    }
    if (articles.length !== this.docs.size + added.size - goneDocs.length) return null;
    return { docs, added, gone: goneDocs, resized };
  }

  /** Docs whose lists may show another ref: those relisted or touched, and those that list a touched one. */
  private shownBy(redo: Set<Doc>, touched: Map<Doc, ArticleEntry>): Set<Doc> {
    const docs = new Set([...redo, ...touched.keys()]);
    for (const doc of touched.keys()) for (const by of this.listedBy.get(doc) ?? []) docs.add(by);
    return docs;
  }

  /** The articles of this call as docs (the same doc object for a slug as before), with what changed among them. */
  private updateDocs(articles: readonly ArticleEntry[]): Change {
    const before = this.docs;
    const change = noChange();
    // Document frequencies before this call are not needed when every doc is new.
    const tracked = before.size > 0;
    const ordered: Doc[] = [];
    let known = 0;
    articles.forEach((entry, order) => {
      let doc = before.get(entry.record.slug);
      if (!doc) doc = this.addDoc(entry, order, change, tracked);
      else {
        known++;
        this.refresh(doc, entry, order, change);
      }
      ordered.push(doc);
    });
    // The same slugs as last time (a watch rebuild): the map is kept (lists do not depend on its order).
    const same = known === before.size && change.added.size === 0;
    this.docs = same ? before : new Map(ordered.map((doc) => [doc.slug, doc]));
    this.ordered = ordered;
    for (const [slug, doc] of same ? [] : before) if (!this.docs.has(slug)) this.dropDoc(doc, change);
    change.changedTerms = this.changedTerms(change.dfBefore);
    return change;
  }

  /** updateDocs for the hinted docs alone (every other doc keeps its entry and its place among the others). */
  private updateTouched(hint: Hint): Change {
    const change = noChange();
    for (const [doc, entry] of hint.docs) this.refresh(doc, entry, doc.order, change);
    for (const doc of hint.gone) {
      this.docs.delete(doc.slug);
      this.dropDoc(doc, change);
    }
    if (hint.resized) {
      // Places moved by the articles that came or went (the others keep their order among themselves).
      // Each gone doc out of its place, last place first (no look at the others).
      const inPlace = hint.gone.every((doc) => this.ordered[doc.order] === doc);
      const ordered = inPlace ? this.ordered : this.ordered.filter((doc) => this.docs.get(doc.slug) === doc);
      if (inPlace) for (const doc of [...hint.gone].sort((a, b) => b.order - a.order)) ordered.splice(doc.order, 1);
      for (const [order, entry] of [...hint.added].sort((a, b) => a[0] - b[0])) {
        const doc = this.addDoc(entry, order, change, true);
        this.docs.set(doc.slug, doc);
        hint.docs.set(doc, entry);
        ordered.splice(order, 0, doc);
      }
      ordered.forEach((doc, order) => void (doc.order = order));
      this.ordered = ordered;
    }
    change.changedTerms = this.changedTerms(change.dfBefore);
    return change;
  }

  /** A doc for an article new to the index, its terms counted in (noting counts before when `tracked`). */
  private addDoc(entry: ArticleEntry, order: number, change: Change, tracked: boolean): Doc {
    const { record } = entry;
    const tf = this.termCounts(record);
    const doc: Doc = { id: this.nextId++, slug: record.slug, order, time: entry.time, title: entry.view.title, tf, text: EMPTY, weakest: null, tagKey: '', tags: EMPTY, linked: new Set(), linkedKey: '', linkedFrom: null, tagsFrom: null, list: [], refs: [], preview: [], entry };
    this.addTerms(doc, tf, 1, tracked ? change.dfBefore : null);
    this.setList(doc, []);
    change.added.add(doc);
    change.changed.add(doc);
    return doc;
  }

  /** A doc no longer among the articles (already out of `docs`): its terms counted out, it lists nothing. */
  private dropDoc(doc: Doc, change: Change): void {
    this.addTerms(doc, doc.tf, -1, change.dfBefore);
    change.gone.push(doc);
    for (const item of doc.list) this.listedBy.get(item.doc)?.delete(doc);
  }

  /**
   * Counts `doc`'s terms `tf` in (1) or out (-1) of the document frequencies, noting each one's count
   * before in `dfBefore`; `holding` follows.
   */
  private addTerms(doc: Doc, tf: Map<string, number>, sign: 1 | -1, dfBefore: Map<string, number> | null): void {
    const holding = this.holding;
    for (const term of tf.keys()) {
      const count = this.df.get(term) ?? 0;
      if (dfBefore && !dfBefore.has(term)) dfBefore.set(term, count);
      if (count + sign) this.df.set(term, count + sign);
      else {
        this.df.delete(term);
        this.terms.delete(term);
      }
      if (holding === null) continue;
      const docs = holding.get(term);
      if (sign > 0) {
        if (docs) docs.add(doc);
        else if (count === 0) holding.set(term, new Set([doc]));
      } else if (docs) {
        docs.delete(doc);
        if (docs.size === 0) holding.delete(term);
      }
    }
  }

  /** Terms whose rounded document frequency changed: a doc's vector sees no other change (vectors.ts' dfBase). */
  private changedTerms(dfBefore: Map<string, number>): string[] {
    return [...dfBefore].flatMap(([term, before]) => (dfBase(this.df.get(term) ?? 0) !== dfBase(before) ? [term] : []));
  }

  /** A known doc takes the call's entry for it: new counts when its words changed, `changed` when its place may have. */
  private refresh(doc: Doc, entry: ArticleEntry, order: number, change: Change): void {
    const { record } = entry;
    // The same frozen record (a kept builder's) has the same counts; a caller's own object might have changed.
    const tf = doc.entry.record === record && Object.isFrozen(record) ? doc.tf : this.termCounts(record);
    if (doc.tf !== tf) {
      this.addTerms(doc, doc.tf, -1, change.dfBefore);
      this.addTerms(doc, tf, 1, change.dfBefore);
      doc.tf = tf;
      change.recounted.add(doc);
    }
    // A doc whose date and title stay keeps its place among the others (only new or changed
    // ones move), so stored lists stay in order however positions shift.
    if (doc.time !== entry.time || doc.title !== entry.view.title) change.changed.add(doc);
    doc.time = entry.time;
    doc.title = entry.view.title;
    doc.order = order;
    doc.entry = entry;
  }

  /**
   * What a changed document frequency can reach, besides the docs whose counts changed: the docs
   * that keep such a term (its postings), whose vectors change; and, for a term whose count fell
   * (its weight rose), the docs that hold it without keeping it, which may now keep it. Such terms
   * come back (`unaccounted`, for `risers`) unless the docs with new counts and the postings
   * account for all of the term's count.
   */
  private reachOfChanged(change: Change): { keepers: Set<Doc>; unaccounted: string[] } {
    const cap = shareCap(idfBase(this.n));
    const keepers = new Set<Doc>();
    const unaccounted: string[] = [];
    const gone = new Set(change.gone);
    const counted = [...change.recounted, ...change.added];
    for (const term of change.changedTerms) {
      // The postings are last call's: a doc in them may be gone or no longer hold the term.
      let holders = 0;
      for (const doc of this.textIndex.holders(term)) {
        if (gone.has(doc)) continue;
        if (!change.recounted.has(doc)) holders++;
        keepers.add(doc);
      }
      const df = this.df.get(term) ?? 0;
      // A term whose count rose (as rounded), or is still above the cap, can enter no doc's kept terms.
      if (dfBase(df) > cap || dfBase(df) >= dfBase(change.dfBefore.get(term)!)) continue;
      for (const doc of counted) if (doc.tf.has(term)) holders++;
      if (holders < df) unaccounted.push(term);
    }
    return { keepers, unaccounted };
  }

  /**
   * New vectors: a doc's text vector changes when its counts did, when idfBase(n) did (every IDF
   * moves), or when a term whose document frequency changed is among its kept terms or now beats
   * the weakest of them; its tag vector when its tags did. `touched` (the quick path): the only docs
   * whose tags can have changed. Docs whose vectors changed join `change.changed`.
   */
  private updateVectors(change: Change, baseChanged: boolean, touched: Map<Doc, ArticleEntry> | null): Map<Doc, NewVectors> {
    const vectors = new Map<Doc, NewVectors>();
    const base = idfBase(this.n);
    const { keepers, unaccounted } = this.reachOfChanged(change);
    const risen = baseChanged || unaccounted.length === 0 ? new Map<Doc, string[]>() : this.risers(unaccounted, base);
    const retext = (doc: Doc) =>
      baseChanged || change.added.has(doc) || change.recounted.has(doc) || keepers.has(doc) || risen.has(doc);
    // A doc whose kept terms weigh the same or more, with terms rising into them or none, keeps
    // them (see withRisen); not when a term it holds may have left the cap (the count of terms it
    // could keep then falls).
    const cap = shareCap(base);
    const lighter = new Set(change.changedTerms.filter((term) => dfBase(this.df.get(term) ?? 0) > dfBase(change.dfBefore.get(term)!)));
    const uncapped = [...lighter].some((term) => dfBase(change.dfBefore.get(term)!) <= cap && dfBase(this.df.get(term)!) > cap);
    const keepsTerms = (doc: Doc) =>
      !baseChanged && !uncapped && !change.added.has(doc) && !change.recounted.has(doc) && (keepers.has(doc) || risen.has(doc)) && !doc.text.terms.some((term) => lighter.has(term));
    const candidates = touched ? new Set([...touched.keys(), ...keepers, ...risen.keys()]) : this.docs.values();
    for (const doc of candidates) {
      const fresh = change.added.has(doc);
      const tagKey = doc.entry.view.tags === doc.tagsFrom ? doc.tagKey : doc.entry.view.tags.map((tag) => tag.slug).sort(compareText).join('\n');
      doc.tagsFrom = doc.entry.view.tags;
      let text = doc.text;
      let weakest = doc.weakest;
      if (keepsTerms(doc)) ({ vector: text, weakest } = this.withRisen(doc, risen.get(doc) ?? [], base));
      else if (retext(doc)) ({ vector: text, weakest } = textVector(doc.tf, this.df, base));
      const tags = tagKey === doc.tagKey && !fresh ? doc.tags : unit(new Map(doc.entry.view.tags.map((tag) => [tag.slug, 1])));
      if (text !== doc.text || tags !== doc.tags) {
        if (!sameVector(text, doc.text) || !sameVector(tags, doc.tags)) change.changed.add(doc);
        vectors.set(doc, { text, weakest, tags });
      }
      doc.tagKey = tagKey;
    }
    return vectors;
  }

  /** The term indexes follow the docs; the terms (and tags) that crossed the share cap come back. */
  private updateIndexes(change: Change, vectors: Map<Doc, NewVectors>, baseChanged: boolean): Flipped {
    const cap = shareCap(idfBase(this.n));
    const flipped: Flipped = { terms: new Set(), tags: new Set() };
    for (const doc of change.gone) {
      this.textIndex.remove(doc, doc.text, cap, flipped.terms);
      this.tagIndex.remove(doc, doc.tags, cap, flipped.tags);
    }
    for (const [doc, next] of vectors) {
      this.textIndex.replace(doc, doc.text, next.text, cap, flipped.terms);
      this.tagIndex.replace(doc, doc.tags, next.tags, cap, flipped.tags);
      doc.text = next.text;
      doc.weakest = next.weakest;
      doc.tags = next.tags;
    }
    // The cap follows idfBase(n).
    if (baseChanged) {
      this.textIndex.recap(cap, flipped.terms);
      this.tagIndex.recap(cap, flipped.tags);
    }
    return flipped;
  }

  /**
   * The docs whose lists can differ (`redo`): changed docs, docs whose links or index terms changed,
   * docs that listed a gone doc, and docs a changed doc now enters (its new score beats their last).
   * A doc that lists a changed doc is `reranked` instead when taking those scores again settles its
   * list (see rerank), and redone otherwise. The changed docs' own lists are made here already
   * (`relisted`), from the scores that tell which lists they enter.
   */
  private listsToRedo(change: Change, flipped: Flipped, touched: Map<Doc, ArticleEntry> | null): { redo: Set<Doc>; reranked: Set<Doc>; relisted: Set<Doc> } {
    const redo = new Set<Doc>(change.changed);
    const reranked = new Set<Doc>();
    const relisted = new Set<Doc>();
    // Only a touched doc can have new related links.
    for (const doc of touched ? touched.keys() : this.docs.values()) {
      if (doc.entry.view.related === doc.linkedFrom) continue;
      const linked = new Set(doc.entry.view.related.flatMap((item) => (item.archive ? [item.archive.path] : [])));
      const linkedKey = [...linked].sort().join('\n');
      if (linkedKey !== doc.linkedKey) redo.add(doc);
      doc.linked = linked;
      doc.linkedKey = linkedKey;
      doc.linkedFrom = doc.entry.view.related;
    }
    // A term or tag that crossed the cap counts in the scores of the docs keeping it, or no longer does.
    for (const term of flipped.terms) for (const doc of this.textIndex.holders(term)) redo.add(doc);
    for (const tag of flipped.tags) for (const doc of this.tagIndex.holders(tag)) redo.add(doc);
    const live = (doc: Doc) => this.docs.get(doc.slug) === doc;
    for (const doc of change.gone) for (const by of this.listedBy.get(doc) ?? []) if (live(by)) redo.add(by);
    for (const doc of change.gone) this.listedBy.delete(doc);
    const listing = new Set<Doc>();
    for (const doc of change.changed) for (const by of this.listedBy.get(doc) ?? []) if (live(by) && !redo.has(by)) listing.add(by);
    for (const doc of listing) (this.rerank(doc, change.changed) ? reranked : redo).add(doc);
    if (redo.size === this.docs.size) return { redo, reranked, relisted };
    for (const doc of change.changed) {
      if (!this.docs.has(doc.slug)) continue;
      // Lists already holding it were sorted again or are redone above. Its own list is made from
      // the same scores (it is redone: every changed doc is).
      const holding = this.listedBy.get(doc);
      const path = doc.entry.view.path;
      this.relist(doc, (other) => {
        if (redo.has(other) || other.linked.has(path) || holding?.has(other)) return;
        if (this.enters(doc, other)) redo.add(other);
      });
      relisted.add(doc);
    }
    return { redo, reranked, relisted };
  }

  /**
   * Whether changed `doc`, whose score summed from its side reaches `other`'s bar (its list does not
   * hold it), belongs in it: the close call is settled by the sum relist makes (from the other side).
   */
  private enters(doc: Doc, other: Doc): boolean {
    const list = other.list;
    const score = this.pairScore(other, doc);
    return score >= SIMILAR_MIN_SCORE && (list.length < SIMILAR_COUNT || better({ doc, score }, list.at(-1)!) < 0);
  }

  /**
   * `doc`'s list with the scores of the changed docs in it taken again and sorted anew, when that
   * is the list relist would make: every changed doc in it still scores at least SIMILAR_MIN_SCORE,
   * and, in a full list, the last item is an unchanged doc that stays last (no doc outside, all
   * scoring below it, can then come in). False, with the list untouched, otherwise.
   */
  private rerank(doc: Doc, changed: Set<Doc>): boolean {
    const { list } = doc;
    const full = list.length === SIMILAR_COUNT;
    const last = list.at(-1)!;
    if (full && changed.has(last.doc)) return false;
    const items = list.map((item) => (changed.has(item.doc) ? { doc: item.doc, score: this.pairScore(doc, item.doc) } : item));
    if (items.some((item) => item.score < SIMILAR_MIN_SCORE)) return false;
    items.sort(better);
    if (full && items.at(-1) !== last) return false;
    this.setList(doc, items);
    return true;
  }

  /** `doc`'s score with `other`, the same number score() sums for it. */
  private pairScore(doc: Doc, other: Doc): number {
    const text = addDotProduct(0, doc.text, other.text, 1, this.textIndex);
    return addDotProduct(text, doc.tags, other.tags, SIMILAR_TAG_WEIGHT, this.tagIndex);
  }

  /**
   * The docs in which one of `terms` (whose counts fell to within the cap) now beats the weakest
   * kept term (rises), looked for among the docs `holding` names. A term it does not track is
   * looked for in every doc, and tracked from then on.
   */
  private risers(terms: readonly string[], base: number): Map<Doc, string[]> {
    const holding = (this.holding ??= this.holdingIndex());
    const found = new Map<Doc, string[]>();
    const rise = (doc: Doc, term: string) => {
      if (!this.rises(doc, term, base)) return;
      const rising = found.get(doc);
      if (rising) rising.push(term);
      else found.set(doc, [term]);
    };
    const untracked = new Map<string, Set<Doc>>();
    for (const term of terms) {
      const docs = holding.get(term);
      if (!docs) untracked.set(term, new Set());
      else for (const doc of docs) rise(doc, term);
    }
    if (untracked.size > 0) {
      for (const doc of this.docs.values()) {
        for (const [term, docs] of untracked) {
          if (!doc.tf.has(term)) continue;
          docs.add(doc);
          rise(doc, term);
        }
      }
      for (const [term, docs] of untracked) holding.set(term, docs);
    }
    return found;
  }

  /**
   * textVector for a doc whose kept terms weigh the same or more (their counts fell, or stayed in
   * rounding) and into which `rising` terms rise (risers), no term it holds having left the cap:
   * those terms and the rising ones, weighed anew, the strongest SIMILAR_TERMS of them. Every
   * other term weighs what it did, less than the weakest kept then, so less than any now; the
   * weights are taken as textVector takes them, so the vector is the same to the last bit.
   */
  private withRisen(doc: Doc, rising: readonly string[], base: number): { vector: Vector; weakest: Weighted | null } {
    const terms = [...doc.text.terms, ...rising.filter((term) => !doc.text.terms.includes(term))];
    const kept: Weighted[] = terms.map((name) => [name, weight(doc.tf.get(name)!, this.df.get(name)!, base)]);
    kept.sort(strongerFirst);
    // Full before (a term left out), or full now: the weakest go, and are left out.
    const left = doc.weakest !== null || kept.length > SIMILAR_TERMS;
    kept.length = Math.min(kept.length, SIMILAR_TERMS);
    return { vector: unit(new Map(kept)), weakest: left ? kept.at(-1)! : null };
  }

  /** term -> the docs whose counts hold it, for every term within the cap (others are added by risers when one is asked for). */
  private holdingIndex(): Map<string, Set<Doc>> {
    const cap = shareCap(idfBase(this.n));
    const holding = new Map<string, Set<Doc>>();
    for (const doc of this.docs.values()) {
      for (const term of doc.tf.keys()) {
        if (dfBase(this.df.get(term)!) > cap) continue;
        const docs = holding.get(term);
        if (docs) docs.add(doc);
        else holding.set(term, new Set([doc]));
      }
    }
    return holding;
  }

  /**
   * Whether `term`, whose count fell to within the cap and which the doc holds without keeping it,
   * now beats the weakest kept term (weights taken with `base`, idfBase of n), or has room among them.
   */
  private rises(doc: Doc, term: string, base: number): boolean {
    const count = doc.tf.get(term);
    if (count === undefined) return false;
    return doc.weakest === null || strongerFirst([term, weight(count, this.df.get(term)!, base)], doc.weakest) < 0;
  }

  private termCounts(record: ArticleRecord): Map<string, number> {
    const known = this.counts.get(record);
    if (known && known.body === record.body && known.title === record.title && known.summary === record.summary) return known.tf;
    const tf = new Map<string, number>();
    const count = (words: readonly string[]) => {
      for (const word of words) {
        // One string per term for all the archive's counts, not one per article that has it.
        const term = this.terms.get(word) ?? (this.terms.set(word, word), word);
        tf.set(term, (tf.get(term) ?? 0) + 1);
      }
    };
    // The title counts twice: it names the subject.
    const title = contentWords(record.title);
    count(title);
    count(title);
    count(contentWords(record.summary));
    count(markdownWords(record.body.slice(0, SIMILAR_BODY_CHARS)));
    this.counts.set(record, { title: record.title, summary: record.summary, body: record.body, tf });
    return tf;
  }

  /** Sums `doc`'s scores with every doc sharing a term or tag with it, then calls `each` for those docs. */
  private score(doc: Doc, each: (other: Doc, score: number, id: number) => void): void {
    this.table.start(this.nextId);
    this.textIndex.addDotProducts(doc.text, 1, this.table);
    this.tagIndex.addDotProducts(doc.tags, SIMILAR_TAG_WEIGHT, this.table);
    this.table.each(each);
  }

  /**
   * Makes `doc`'s list again; `entering` is called with each doc whose bar its score (summed from
   * its side) reaches, within CLOSE, as the lists stand then.
   */
  private relist(doc: Doc, entering?: (other: Doc) => void): void {
    for (const item of doc.list) this.listedBy.get(item.doc)?.delete(doc);
    // The best SIMILAR_COUNT in `better` order (page order breaks ties: the newer article first, as
    // on the home page), kept as they come: an article shares words with thousands of others, most
    // of whom score below the list's last (looked at before anything of theirs).
    const list: Listed[] = [];
    const bars = this.bars;
    this.score(doc, (other, score, id) => {
      if (entering && score >= bars[id]! - CLOSE) entering(other);
      if (other === doc || score < SIMILAR_MIN_SCORE || (list.length === SIMILAR_COUNT && score < list[SIMILAR_COUNT - 1]!.score)) return;
      if (doc.linked.size > 0 && doc.linked.has(other.entry.view.path)) return;
      const item = { doc: other, score };
      if (list.length === SIMILAR_COUNT && better(item, list[SIMILAR_COUNT - 1]!) >= 0) return;
      let at = list.length;
      while (at > 0 && better(item, list[at - 1]!) < 0) at--;
      list.splice(at, 0, item);
      if (list.length > SIMILAR_COUNT) list.pop();
    });
    this.setList(doc, list);
    for (const item of doc.list) {
      const by = this.listedBy.get(item.doc) ?? new Set<Doc>();
      by.add(doc);
      this.listedBy.set(item.doc, by);
    }
  }

  /** `doc`'s list is `list` from now on; its bar follows. */
  private setList(doc: Doc, list: Listed[]): void {
    doc.list = list;
    if (this.bars.length <= doc.id) {
      const bars = new Float64Array(Math.max(64, 2 * (doc.id + 1)));
      bars.set(this.bars);
      this.bars = bars;
    }
    this.bars[doc.id] = list.length < SIMILAR_COUNT ? SIMILAR_MIN_SCORE : Math.max(SIMILAR_MIN_SCORE, list[SIMILAR_COUNT - 1]!.score);
  }
}

/**
 * Scores by doc number: each doc's sum starts at 0 and takes its products in the order they come
 * (the same sums, bit for bit, as a map of doc to score), without a map entry per pair.
 */
class ScoreTable<K extends { id: number }> implements Scores<K> {
  private sums = new Float64Array(0);
  /** Which scoring last touched each doc number: a sum left from an earlier one reads as 0. */
  private stamps = new Uint32Array(0);
  private stamp = 0;
  private docs: K[] = [];
  /** Doc numbers in the order their first product came. */
  private readonly seen: number[] = [];

  /** A new scoring; `size`: more than the highest doc number. */
  start(size: number): void {
    this.seen.length = 0;
    this.stamp++;
    if (this.sums.length < size || this.stamp === 0xffffffff) {
      const length = Math.max(size, this.sums.length * 2);
      this.sums = new Float64Array(length);
      this.stamps = new Uint32Array(length);
      this.docs = new Array<K>(length);
      this.stamp = 1;
    }
  }

  add(doc: K, value: number): void {
    const id = doc.id;
    if (this.stamps[id] !== this.stamp) {
      this.stamps[id] = this.stamp;
      this.sums[id] = value;
      this.docs[id] = doc;
      this.seen.push(id);
    } else this.sums[id]! += value;
  }

  each(fn: (doc: K, score: number, id: number) => void): void {
    for (const id of this.seen) fn(this.docs[id]!, this.sums[id]!, id);
  }
}

/**
 * How far below a list's bar a score summed from the other side may fall and still be looked at:
 * the two sums add the same products in other orders, so they may differ in the last bits.
 */
const CLOSE = 1e-9;

function noChange(): Change {
  return { changed: new Set(), added: new Set(), recounted: new Set(), gone: [], changedTerms: [], dfBefore: new Map() };
}

function better(a: Listed, b: Listed): number {
  return b.score - a.score || a.doc.order - b.doc.order;
}

export function articleRef(view: ArticleView): ArticleRef {
  return { slug: view.slug, title: view.title, path: view.path, date: view.date, summary: view.summary };
}

