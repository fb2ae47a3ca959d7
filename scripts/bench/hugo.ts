// Hugo, when it is on PATH, rendering the same records with a minimal theme of the same page kinds
// (article, home list, tag index, tag pages), for a render-time ratio. Preparing Hugo's copy of the
// records is not timed; only `hugo` itself is.

import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const LAYOUTS: Record<string, string> = {
  '_default/baseof.html': '<!DOCTYPE html><html><head><meta charset="utf-8"><title>{{ .Title }}</title><link rel="stylesheet" href="/style.css"></head><body><header><a href="/">Home</a> <a href="/tags/">Tags</a></header><main>{{ block "main" . }}{{ end }}</main></body></html>',
  '_default/single.html': '{{ define "main" }}<article><h1>{{ .Title }}</h1><p>{{ with .Params.author }}{{ delimit . ", " }}{{ end }} {{ .Date.Format "2006-01-02" }} {{ .Params.site }}</p>{{ .Content }}<ul>{{ range .Params.tags }}<li><a href="{{ "/tags/" | relURL }}{{ . | urlize }}/">{{ . }}</a></li>{{ end }}</ul><ul>{{ range .Params.related }}<li><a href="{{ .url }}">{{ .title }}</a></li>{{ end }}</ul></article>{{ end }}',
  '_default/list.html': '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages.ByDate.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }}<p>{{ .Params.summary }}</p></li>{{ end }}</ul>{{ end }}',
  '_default/terms.html': '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>{{ end }}',
  'index.html': '{{ define "main" }}<ul>{{ range (where .Site.RegularPages "Section" "articles").ByDate.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }}<p>{{ .Params.summary }}</p></li>{{ end }}</ul>{{ end }}',
};

export function hugoRender(contentDir: string, siteDir: string): { version: string; seconds: number; pages: number } | null {
  // Hugo reads a relative --destination against --source: absolute paths keep the output where meant.
  siteDir = resolve(siteDir);
  const probe = spawnSync('hugo', ['version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return null;
  rmSync(siteDir, { recursive: true, force: true });
  const articles = join(siteDir, 'content/articles');
  mkdirSync(articles, { recursive: true });
  for (const name of readdirSync(contentDir).filter((n) => n.endsWith('.md'))) {
    // Hugo reads `url` as the page's own address and rejects `date: null`: rename and drop them.
    const text = readFileSync(join(contentDir, name), 'utf8').replace(/^url: /m, 'original_url: ').replace(/^date: null\n/m, '');
    writeFileSync(join(articles, name), text);
  }
  for (const [path, body] of Object.entries(LAYOUTS)) {
    mkdirSync(join(siteDir, 'layouts', path, '..'), { recursive: true });
    writeFileSync(join(siteDir, 'layouts', path), body);
  }
  writeFileSync(join(siteDir, 'hugo.toml'), 'baseURL = "https://archive.example/"\ndisableKinds = ["RSS", "sitemap", "robotsTXT"]\n[taxonomies]\ntag = "tags"\n');
  const start = performance.now();
  const run = spawnSync('hugo', ['--quiet', '--source', siteDir, '--destination', join(siteDir, 'public')], { encoding: 'utf8' });
  const seconds = (performance.now() - start) / 1000;
  if (run.status !== 0) throw new Error(`hugo failed: ${run.stderr.slice(-2000)}`);
  const pages = readdirSync(join(siteDir, 'public'), { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.html')).length;
  return { version: probe.stdout.split(' ')[1] ?? probe.stdout.trim(), seconds, pages };
}
