// The preview server: dist/ on 127.0.0.1 through sirv, with the live-reload client added to HTML
// responses as they are sent (the files in dist/ stay exactly as built), and the event stream.
// Nothing outside dist/ is ever served, however the address is written or encoded.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import sirv from 'sirv';
import { CLIENT_PATH, CLIENT_SCRIPT, EVENTS_PATH, injectClient } from './client.ts';
import type { EventChannel } from './events.ts';
import { PortError } from './errors.ts';
import { isInside } from './ignore.ts';

export const HOST = '127.0.0.1';
/** Ports tried after the one asked for when it is taken: --port 4321 may end up on 4322. */
const MORE_PORTS = 9;
const HTML_FILE = /\.html?$/i;
const NOT_FOUND_PAGE = '404.html';
const BARE_NOT_FOUND = '<!doctype html><meta charset="utf-8"><title>Not found</title><p>Not found (folio watch).</p>';


export interface PreviewServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface ServerOptions {
  root: string;
  events: EventChannel;
  /** 0 picks any free port. */
  port: number;
  /** Told when the port asked for was taken and another one is used. */
  onNote?: (text: string) => void;
}

export async function startServer(options: ServerOptions): Promise<PreviewServer> {
  const { events } = options;
  const assets = sirv(options.root, { dev: true, etag: true, dotfiles: false });
  const server = createServer((request, response) => {
    handle(request, response, options.root, events, assets).catch((error: Error) => {
      if (!response.headersSent) send(response, request, 500, 'text/plain; charset=utf-8', `folio watch: ${error.message}\n`);
      else response.destroy();
    });
  });
  const port = await listen(server, options.port, options.onNote);
  return {
    url: `http://${HOST}:${port}/`,
    port,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

async function listen(server: Server, first: number, onNote?: (text: string) => void): Promise<number> {
  const last = first === 0 ? 0 : first + MORE_PORTS;
  for (let port = first; port <= last; port++) {
    const error = await new Promise<NodeJS.ErrnoException | null>((resolve) => {
      server.once('error', resolve);
      server.listen(port, HOST, () => {
        server.off('error', resolve);
        resolve(null);
      });
    });
    if (error === null) {
      const bound = (server.address() as { port: number }).port;
      if (port !== first) onNote?.(`port ${first} is in use; serving on ${bound} instead`);
      return bound;
    }
    if (error.code !== 'EADDRINUSE') throw new PortError(`cannot listen on ${HOST}:${port} (${error.code ?? error.message})`);
  }
  throw new PortError(`ports ${first} to ${last} on ${HOST} are all in use; stop the other server or give --port with a free port (0 picks any)`);
}

type Assets = ReturnType<typeof sirv>;

async function handle(request: IncomingMessage, response: ServerResponse, root: string, events: EventChannel, assets: Assets): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return send(response, request, 405, 'text/plain; charset=utf-8', 'method not allowed\n');
  const [rawPath = '/', query] = (request.url ?? '/').split('?', 2);
  if (rawPath === EVENTS_PATH) return events.connect(request, response);
  if (rawPath === CLIENT_PATH) return send(response, request, 200, 'text/javascript; charset=utf-8', CLIENT_SCRIPT);

  const target = await locate(root, rawPath);
  if (target.kind === 'refused') return send(response, request, target.status, 'text/plain; charset=utf-8', `${target.reason}\n`);
  if (target.kind === 'folder') {
    // Like a static host: /tags → /tags/, so the page's relative links resolve.
    // Leading slashes collapsed: "//host" in a location header would send the browser elsewhere.
    const location = `/${rawPath.replace(/^\/+/, '')}/${query === undefined ? '' : `?${query}`}`;
    response.writeHead(301, { location }).end();
    return;
  }
  if (target.kind === 'missing') return sendNotFound(response, request, root);
  if (HTML_FILE.test(target.file)) return send(response, request, 200, 'text/html; charset=utf-8', injectClient(await readFile(target.file, 'utf8')));
  assets(request, response, () => sendNotFound(response, request, root));
}

type Target =
  | { kind: 'file'; file: string }
  | { kind: 'folder' }
  | { kind: 'missing' }
  | { kind: 'refused'; status: number; reason: string };

/** The file an address names inside `root`, after decoding it and following any link. */
async function locate(root: string, rawPath: string): Promise<Target> {
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    return { kind: 'refused', status: 400, reason: 'bad address encoding' };
  }
  if (path.includes('\0') || !path.startsWith('/')) return { kind: 'refused', status: 400, reason: 'bad address' };
  const realRoot = await realpath(root).catch(() => null);
  if (realRoot === null) return { kind: 'missing' };
  const file = join(realRoot, path);
  if (!isInside(file, realRoot)) return { kind: 'refused', status: 403, reason: 'outside the site' };
  const real = await realpath(file).catch(() => null);
  if (real === null) return { kind: 'missing' };
  if (!isInside(real, realRoot)) return { kind: 'refused', status: 403, reason: 'outside the site' };
  const info = await stat(real);
  if (!info.isDirectory()) return { kind: 'file', file: real };
  if (!path.endsWith('/')) return { kind: 'folder' };
  const index = join(real, 'index.html');
  return (await stat(index).catch(() => null))?.isFile() ? { kind: 'file', file: index } : { kind: 'missing' };
}

async function sendNotFound(response: ServerResponse, request: IncomingMessage, root: string): Promise<void> {
  // Without the site's 404 page (the first build failed) a bare page with the client still
  // shows the problems and reloads once a rebuild succeeds.
  const page = await readFile(join(root, NOT_FOUND_PAGE), 'utf8').catch(() => BARE_NOT_FOUND);
  send(response, request, 404, 'text/html; charset=utf-8', injectClient(page));
}

function send(response: ServerResponse, request: IncomingMessage, status: number, type: string, body: string): void {
  const bytes = Buffer.from(body);
  response.writeHead(status, { 'content-type': type, 'content-length': bytes.length, 'cache-control': 'no-store' });
  response.end(request.method === 'HEAD' ? undefined : bytes);
}
