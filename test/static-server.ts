// A tiny static file server for browser tests: serves a built site on 127.0.0.1 at a random
// port, at the root or under a sub-path, the way a plain static host does.

import { createServer, type Server } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
};

export interface StaticSite {
  /** The site's address, ending in `/`, e.g. http://127.0.0.1:41234/sub/ */
  url: string;
  /** Every request that got a 4xx/5xx answer, as `status path`. */
  failures: string[];
  close(): Promise<void>;
}

/** Serve `dir` under `prefix` (`/` or `/sub/`); anything outside the prefix is a 404. */
export async function serveStatic(dir: string, prefix = '/'): Promise<StaticSite> {
  const failures: string[] = [];
  const server: Server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const answer = (status: number, body: string | Buffer, headers: Record<string, string> = {}) => {
      if (status >= 400) failures.push(`${status} ${path}`);
      response.writeHead(status, headers).end(body);
    };
    if (!path.startsWith(prefix)) return answer(404, 'not found');
    const file = normalize(join(dir, path.slice(prefix.length)));
    if (file !== dir && !file.startsWith(dir + sep)) return answer(403, 'forbidden');
    try {
      const info = await stat(file);
      // A folder without the trailing slash: redirect like a static host, so relative links resolve.
      if (info.isDirectory() && !path.endsWith('/')) return answer(301, '', { location: `${path}/` });
      const target = info.isDirectory() ? join(file, 'index.html') : file;
      const body = await readFile(target);
      answer(200, body, { 'content-type': TYPES[extname(target)] ?? 'application/octet-stream' });
    } catch {
      answer(404, 'not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    failures,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
