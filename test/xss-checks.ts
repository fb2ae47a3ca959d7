// Structural checks on what a build wrote, for the XSS suite: each returns the problems it finds as
// `file: what` lines (an empty list is a pass). HTML is parsed (cheerio on parse5), never grepped,
// so a check sees what a browser would build from the file.

import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import * as cheerio from 'cheerio';
import type { Element } from 'domhandler';
import matter from 'gray-matter';
import type { Node as MdastNode } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { filesUnder } from './helpers.ts';

/** Attributes a browser reads as an address (or a list of them), in HTML, SVG and MathML. */
const URL_ATTRIBUTES = ['href', 'src', 'action', 'formaction', 'xlink:href', 'srcset', 'poster', 'data', 'background', 'ping', 'cite', 'longdesc', 'manifest', 'icon', 'codebase', 'archive', 'lowsrc', 'dynsrc', 'imagesrcset'];
/** Elements that run, embed, redirect, submit or re-base: none may come from a scraped page. */
const FORBIDDEN_ELEMENTS = ['base', 'object', 'embed', 'applet', 'iframe', 'frame', 'frameset', 'portal', 'form', 'input', 'button', 'textarea', 'select', 'style', 'svg', 'math', 'template', 'noscript', 'meta[http-equiv]', 'link[rel="import"]', 'link[rel="prefetch"]', 'link[rel="preload"]'];
/** CSS that loads or runs something. */
const DANGEROUS_CSS = /url\s*\(|expression\s*\(|behavior\s*:|-moz-binding|@import|\\/i;

/** Elements and attributes a browser loads from as soon as the page opens, with no reader's click. */
const LOADING = [
  ['img', 'src'], ['img', 'srcset'], ['source', 'src'], ['source', 'srcset'], ['video', 'src'], ['video', 'poster'], ['audio', 'src'], ['track', 'src'], ['input', 'src'], ['script', 'src'], ['image', 'href'], ['use', 'href'],
  ['link:is([rel~="stylesheet"], [rel~="icon"], [rel~="preload"], [rel~="prefetch"], [rel~="modulepreload"], [rel="manifest"])', 'href'],
] as const;
/** The policy folio's layout puts in every page (templates/layout.liquid), directive by directive. */
const POLICY: Record<string, string> = {
  'default-src': "'self'", 'script-src': "'self'", 'style-src': "'self'", 'img-src': "'self' data:",
  'connect-src': "'self'", 'object-src': "'none'", 'base-uri': "'none'", 'form-action': "'self'",
};

/** An address a browser would open without running anything: relative, #fragment or http(s). */
export function isSafeAddress(raw: string): boolean {
  // What browsers drop before reading a scheme: tabs and newlines anywhere, controls and spaces at the ends.
  const value = raw.replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+/, '');
  const scheme = /^([^/?#]*?):/.exec(value)?.[1];
  if (scheme === undefined) return true;
  return /^https?$/i.test(scheme);
}

function addresses(name: string, value: string): string[] {
  if (name !== 'srcset' && name !== 'imagesrcset') return [value];
  return value.split(',').map((part) => part.trim().split(/\s+/)[0] ?? '').filter(Boolean);
}

/** folio's own script and form: the search box (templates/_search.liquid) and JSON-LD (head.ts). */
function isFolioScript($: cheerio.CheerioAPI, el: Element): string | null {
  const src = el.attribs['src'];
  if (src !== undefined) return /^(?:\.\/|(?:\.\.\/)+|\/(?:[^/]+\/)*)assets\/search\.js$/.test(src) && $(el).closest('header.site-header').length ? null : `script src="${src}"`;
  if (el.attribs['type'] !== 'application/ld+json' || $(el).parent().get(0)?.tagName !== 'head') return `inline script ${JSON.stringify($(el).text().slice(0, 80))}`;
  const text = $(el).text();
  if (/<\/?script|<!--/i.test(text)) return `JSON-LD holds markup that can end its script: ${text.slice(0, 120)}`;
  try {
    const problems = jsonAddresses(JSON.parse(text), ['url', 'mainEntityOfPage', 'isBasedOn', 'image']);
    return problems.length ? `JSON-LD address ${problems.join(', ')}` : null;
  } catch (error) {
    return `JSON-LD does not parse (${(error as Error).message})`;
  }
}

/** Unsafe values of the given keys anywhere in a JSON value. */
function jsonAddresses(value: unknown, keys: string[]): string[] {
  const out: string[] = [];
  const walk = (v: unknown, key: string | null) => {
    if (typeof v === 'string') {
      if (key !== null && keys.includes(key) && !/^https?:\/\//i.test(v)) out.push(`${key}=${JSON.stringify(v)}`);
    } else if (Array.isArray(v)) v.forEach((item) => walk(item, key));
    else if (v && typeof v === 'object') for (const [k, item] of Object.entries(v)) walk(item, k);
  };
  walk(value, null);
  return out;
}

/** True for an address on another host: absolute http(s), or "//host/…" (a page's own files are relative). */
function isRemote(address: string): boolean {
  return /^\s*(?:https?:)?\/\//i.test(address.replace(/[\t\n\r]/g, ''));
}

/** The page's Content-Security-Policy is folio's, word for word: one <meta> in <head>; `file: problem` otherwise. */
export function policyProblems(html: string): string[] {
  const $ = cheerio.load(html);
  const metas = $('meta[http-equiv]').toArray() as Element[];
  if (metas.length !== 1) return [`${metas.length} <meta http-equiv> elements, expected folio's one Content-Security-Policy`];
  const meta = metas[0]!;
  if (meta.attribs['http-equiv']!.toLowerCase() !== 'content-security-policy' || $(meta).parent().get(0)?.tagName !== 'head') return [`<meta http-equiv="${meta.attribs['http-equiv']}"> is not folio's policy in <head>`];
  const directives = Object.fromEntries((meta.attribs['content'] ?? '').split(';').map((d) => d.trim()).filter(Boolean).map((d) => {
    const [name = '', ...values] = d.split(/\s+/);
    return [name, values.join(' ')];
  }));
  const differ = Object.keys({ ...POLICY, ...directives }).filter((name) => directives[name] !== POLICY[name]);
  return differ.map((name) => `policy ${name}: ${JSON.stringify(directives[name] ?? null)}, expected ${JSON.stringify(POLICY[name] ?? null)}`);
}

/** Everything executable or loading in one built HTML page (built with the default config: no hot-linked pictures). */
export function pageProblems(html: string): string[] {
  const $ = cheerio.load(html);
  const all = (selector: string): Element[] => $(selector).toArray().filter((node): node is Element => 'attribs' in node);
  const problems: string[] = [];
  for (const el of all('script')) {
    const problem = isFolioScript($, el);
    if (problem) problems.push(problem);
  }
  for (const selector of FORBIDDEN_ELEMENTS) {
    for (const el of all(selector)) {
      // folio's own Content-Security-Policy (policyProblems checks its words).
      if (el.tagName === 'meta' && $(el).is('head > meta[http-equiv="Content-Security-Policy"]')) continue;
      // The header's search box is folio's own form: no action, nothing from a record in it.
      if (el.tagName === 'form' && $(el).is('header.site-header form.site-search:not([action])')) continue;
      if ((el.tagName === 'input' || el.tagName === 'button') && $(el).closest('header.site-header form.site-search').length) continue;
      problems.push(`<${el.tagName}> ${$.html(el).slice(0, 100)}`);
    }
  }
  for (const el of all('link[rel~="stylesheet"]')) {
    if (!/^(?:\.\/|(?:\.\.\/)+|\/(?:[^/]+\/)*)assets\/[a-z]+\.css$/.test(el.attribs['href'] ?? '')) problems.push(`stylesheet ${el.attribs['href']}`);
  }
  for (const el of all('*')) {
    for (const [name, value] of Object.entries(el.attribs)) {
      const lower = name.toLowerCase();
      if (lower.startsWith('on')) problems.push(`<${el.tagName} ${name}="${value.slice(0, 60)}">`);
      if (lower === 'style' && DANGEROUS_CSS.test(value)) problems.push(`<${el.tagName} style="${value.slice(0, 60)}">`);
      if (lower === 'srcdoc') problems.push(`<${el.tagName} srcdoc>`);
      if (URL_ATTRIBUTES.includes(lower) || lower.endsWith(':href')) {
        for (const address of addresses(lower, value)) if (!isSafeAddress(address)) problems.push(`<${el.tagName} ${name}="${address.slice(0, 60)}">`);
      }
      if (lower === 'target' && !/\bnoopener\b/.test(el.attribs['rel'] ?? '')) problems.push(`<${el.tagName} target> without rel=noopener`);
    }
  }
  for (const [tag, attribute] of LOADING) {
    for (const el of all(`${tag}[${attribute}]`)) {
      for (const address of addresses(attribute, el.attribs[attribute]!)) if (isRemote(address)) problems.push(`<${el.tagName} ${attribute}="${address.slice(0, 80)}"> loads from another host`);
    }
  }
  for (const el of all('.article-body [id]')) {
    // The sanitizer prefixes a body's ids, so none can stand in for an element of folio's own.
    if (!el.attribs['id']!.startsWith('user-content-')) problems.push(`body id "${el.attribs['id']}" not prefixed`);
  }
  return problems;
}

/** Every HTML page under `dist`, checked; `file: problem` lines. */
export function distProblems(dist: string): string[] {
  const problems: string[] = [];
  for (const file of filesUnder(dist, '.html')) {
    const html = readFileSync(file, 'utf8');
    for (const problem of [...pageProblems(html), ...policyProblems(html)]) problems.push(`${relative(dist, file)}: ${problem}`);
  }
  return problems;
}

/** Elements in a string read as HTML (feed titles and summaries are HTML in Atom). */
function htmlElements(text: string): string[] {
  const $ = cheerio.load(text, null, false);
  return $('*').toArray().map((el) => (el as Element).tagName);
}

/** feed.xml and feed.json: text stays text (JSON Feed titles and summaries are plain text by definition), addresses are http(s). */
export function feedProblems(atom: string, json: string): string[] {
  const problems: string[] = [];
  const $ = cheerio.load(atom, { xml: true });
  $('entry > title, entry > summary, entry > content, feed > title, feed > subtitle').each((_, el) => {
    const type = $(el).attr('type') ?? 'text';
    // type="html": the element's (XML-decoded) text is HTML a reader will render.
    if (type === 'html' && htmlElements($(el).text()).length) problems.push(`feed.xml <${el.tagName}> holds markup: ${$(el).text().slice(0, 80)}`);
    if (type === 'xhtml') problems.push(`feed.xml <${el.tagName} type="xhtml">`);
  });
  $('link[href]').each((_, el) => {
    if (!/^https?:\/\//.test(el.attribs['href']!)) problems.push(`feed.xml link ${el.attribs['href']}`);
  });
  $('*').each((_, el) => {
    const name = (el as Element).tagName;
    if (!/^[a-z]+$/.test(name)) problems.push(`feed.xml foreign element <${name}>`);
  });
  const feed = JSON.parse(json) as { items: Record<string, unknown>[] };
  for (const item of feed.items) {
    problems.push(...jsonAddresses(item, ['url', 'external_url', 'image', 'banner_image', 'id']).map((p) => `feed.json ${p}`));
    if (typeof item['content_html'] === 'string') problems.push(...pageProblems(`<div class="article-body">${item['content_html']}</div>`).map((p) => `feed.json content_html: ${p}`));
  }
  return problems;
}

/** sitemap.xml: only addresses under the base URL. */
export function sitemapProblems(xml: string, baseUrl: string): string[] {
  const $ = cheerio.load(xml, { xml: true });
  return $('loc').toArray().map((el) => $(el).text()).filter((loc) => !loc.startsWith(baseUrl)).map((loc) => `sitemap.xml: ${loc}`);
}

const markdown = unified().use(remarkParse).use(remarkGfm);

/** content/*.md: front matter addresses are http(s) or null; the body has no raw HTML and no unsafe link. */
export function recordProblems(content: string): string[] {
  const problems: string[] = [];
  for (const file of filesUnder(content, '.md')) {
    const name = relative(content, file);
    const { data, content: body } = matter(readFileSync(file, 'utf8'));
    for (const [key, value] of [['url', data['url']], ...((data['sources'] ?? []) as { url: unknown }[]).map((s) => ['sources.url', s.url]), ...((data['related'] ?? []) as { url: unknown }[]).map((r) => ['related.url', r.url]), ...((data['images'] ?? []) as { src: unknown }[]).map((i) => ['images.src', i.src])] as [string, unknown][]) {
      if (value !== null && (typeof value !== 'string' || !/^https?:\/\//.test(value))) problems.push(`${name}: ${key} ${JSON.stringify(value)}`);
    }
    const walk = (node: MdastNode & { children?: MdastNode[]; url?: string; value?: string }) => {
      if (node.type === 'html') problems.push(`${name}: raw HTML in the body: ${node.value?.slice(0, 80)}`);
      if (typeof node.url === 'string' && !/^(https?:\/\/|#)/.test(node.url)) problems.push(`${name}: ${node.type} to ${node.url.slice(0, 80)}`);
      node.children?.forEach(walk);
    };
    walk(markdown.parse(body) as MdastNode);
  }
  return problems;
}
