// Server-Sent Events to every open page: "reload" after a rebuild, "problems" with the lines of
// the last rebuild (sent again to each page that connects, so a reloaded page still shows them).

import type { IncomingMessage, ServerResponse } from 'node:http';

/** How long a browser waits before reconnecting after the server went away (ms). */
const RETRY_MS = 1000;
/** A comment line this often keeps proxies and idle-connection timeouts from closing the stream. */
const KEEPALIVE_MS = 30_000;

export interface ProblemsEvent {
  /** One line per problem, as the terminal shows it; empty when the last rebuild had none. */
  lines: string[];
}

export class EventChannel {
  private readonly clients = new Set<ServerResponse>();
  private problems: ProblemsEvent = { lines: [] };
  private readonly keepalive: NodeJS.Timeout;

  constructor() {
    this.keepalive = setInterval(() => this.writeAll(': keepalive\n\n'), KEEPALIVE_MS);
    this.keepalive.unref();
  }

  get size(): number {
    return this.clients.size;
  }

  connect(request: IncomingMessage, response: ServerResponse): void {
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    response.write(`retry: ${RETRY_MS}\n\n`);
    response.write(message('problems', this.problems));
    this.clients.add(response);
    request.on('close', () => this.clients.delete(response));
  }

  reload(): void {
    this.writeAll(message('reload', {}));
  }

  showProblems(lines: string[]): void {
    this.problems = { lines };
    this.writeAll(message('problems', this.problems));
  }

  /** End every stream, so the server can close. */
  close(): void {
    clearInterval(this.keepalive);
    for (const client of this.clients) client.end();
    this.clients.clear();
  }

  private writeAll(text: string): void {
    for (const client of this.clients) client.write(text);
  }
}

function message(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}
