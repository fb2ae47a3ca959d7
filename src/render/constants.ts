// Every threshold and pattern the render stage uses, each with the reason for its value.

/** Related links shown in the box on an article page; the full list is on its related page. */
export const RELATED_PREVIEW_COUNT = 5;

/** Pages rendered and written at once: enough to overlap file I/O, few enough to bound memory. */
export const WRITE_CONCURRENCY = 16;

/**
 * Bodies a render converts before a worker thread is worth starting for them: starting one costs
 * about 0.7 s of CPU and 1.2 s before its first body (Node, the TypeScript loader, the Markdown
 * modules), a body 1-2 ms. At 801 bodies the worker made a render no faster on a loaded machine;
 * at 8001 it took 72 s to 47 s.
 */
export const BODY_WORKER_MIN_BODIES = 2000;

/**
 * How long a page waits for a body the body worker has claimed before converting it itself. A
 * body takes 1-2 ms; a worker that died leaves its claims, and the render goes on without it.
 */
export const BODY_WORKER_WAIT_MS = 10_000;

/**
 * How many bodies the body worker may convert ahead of the last one a page asked for. Its answers
 * wait in memory until their page is rendered: converting from the far end with no limit instead,
 * a render of 8001 bodies peaked 50-130 MB higher. A lead of a few keeps it from waiting on this
 * thread while its answers stay few.
 */
export const BODY_WORKER_LEAD = 32;

/**
 * Bodies sent to the body worker in one message, as the render goes on: sent all at once, the
 * Markdown of 8001 bodies put about 130 MB on a render's peak RSS.
 */
export const BODY_JOBS_PER_MESSAGE = 64;

/** The list of files the last build wrote, so the next build removes only its own stale files. */
export const MANIFEST_FILE = '.folio-manifest';

/** A slug becomes a folder name: lower-case ASCII so it is the same on every file system and in every URL. */
export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?$/;

/** Enough of BCP 47 to tell a language tag from junk before it lands in a `lang` attribute. */
export const LANG_PATTERN = /^[a-z]{2,3}(?:-[a-z0-9]{1,8})*$/i;

/** `YYYY-MM-DD`: a publish date known only to the day. */
export const DATE_ONLY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** ISO 8601 date and time, seconds and offset optional (a missing offset is read as UTC, never as the build machine's zone). */
export const DATE_TIME_PATTERN =
  /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** A URL scheme (`javascript:`, `https:`); anything without one is relative. */
export const SCHEME_PATTERN = /^([a-z][a-z0-9+.-]*):/i;

/** Characters browsers drop from URLs before reading the scheme (`java\tscript:` is `javascript:`). */
export const URL_IGNORED_CHARS = /[\t\n\r]/g;

/** Leading and trailing C0 controls and spaces, which browsers also strip from URLs. */
export const URL_EDGE_JUNK = /^[\u0000-\u0020]+|[\u0000-\u0020]+$/g;

/** `rel` on every link that leaves the archive: scraped links earn no ranking and get no window handle. */
export const EXTERNAL_REL = 'nofollow noopener';

/** What rehype-sanitize's default schema puts before every id in a body (against DOM clobbering). */
export const CLOBBER_PREFIX = 'user-content-';

/** Articles on one page of a list when the config sets no `pageSize`: a screenful or two, quick on a phone. */
export const DEFAULT_PAGE_SIZE = 20;

/**
 * A list longer than this many pages is split by date: its first page shows the newest articles and
 * its years, and each year (or, for a year longer than this, each month) has pages of its own. An
 * article added or removed then moves the articles of its year or month only, not of every page
 * after it in a list of thousands (a watch rebuild, or an upload to a static host, rewrites a few
 * pages instead of hundreds), and a list page's address keeps showing the same articles.
 */
export const SPLIT_LIST_PAGES = 5;

/** Page numbers shown on each side of the current one; the rest collapse into "…". */
export const PAGER_WINDOW = 2;

/** "More like this" links on an article's related page. */
export const SIMILAR_COUNT = 8;

/** "More like this" links on the article page itself. */
export const SIMILAR_PREVIEW_COUNT = 3;

/**
 * Weight of shared tags against text similarity (both 0..1): tags are chosen by editors, so one
 * shared tag counts about as much as a strongly similar text.
 */
export const SIMILAR_TAG_WEIGHT = 0.5;

/**
 * Below this score two articles only share common words (unrelated pairs in the tests score about
 * 0.03; two stories sharing only a named place, about 0.06): better to show nothing than noise.
 */
export const SIMILAR_MIN_SCORE = 0.05;

/** Terms kept per article (the highest TF-IDF): enough to describe it, few enough that scoring stays fast on big archives. */
export const SIMILAR_TERMS = 32;

/** A term or tag in more than this share of the articles is not used for "more like this" (see below). */
export const SIMILAR_MAX_SHARE = 0.02;

/** …but only in archives big enough for that to matter: below this many articles per term, every term counts. */
export const SIMILAR_UNCAPPED = 50;

/** Body characters read for similarity: the opening says what an article is about; long tails add only cost. */
export const SIMILAR_BODY_CHARS = 6000;

/** Articles in the Atom and JSON feeds: the newest, as feed readers only need what is new. */
export const FEED_SIZE = 30;

/** Longest `<title>`: search results and tabs cut titles about here (html-validate's long-title rule). */
export const DOCUMENT_TITLE_MAX = 70;

/** The search index's folder inside the output folder; search.js finds it at `<root>search/`. */
export const SEARCH_DIR = 'search';
