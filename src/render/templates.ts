// The Liquid engine pages are made with. Users' templates override folio's defaults file by file;
// output is HTML-escaped unless a template asks for `| raw` (only the sanitized body needs it).

import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Liquid } from 'liquidjs';

/** folio's own templates/, the fallback for any template a user's folder lacks. */
export const DEFAULT_TEMPLATES_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));

/** A template that is missing or fails: the user's to fix, so the message says where and how. */
export class TemplateError extends Error {
  override name = 'TemplateError';
  constructor(readonly template: string, message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

export class Templates {
  /** Where templates are looked up, first match wins: the user's folder, then folio's defaults. */
  readonly dirs: string[];
  private readonly liquid: Liquid;

  constructor(templatesDir: string) {
    this.dirs = [...new Set([resolve(templatesDir), resolve(DEFAULT_TEMPLATES_DIR)])];
    this.liquid = new Liquid({
      root: this.dirs,
      extname: '.liquid',
      outputEscape: 'escape',
      strictFilters: true,
      cache: true,
      // The `date` filter would otherwise use the build machine's zone and break reproducible builds.
      timezoneOffset: 0,
    });
  }

  /**
   * Render `name` (without `.liquid`) for the page written to `file`. Synchronous: templates read
   * no files while rendering (parsed ones are cached), and liquidjs's async mode awaits every tag,
   * which took a third of the render time.
   */
  render(name: string, scope: object, globals: object, file: string): string {
    try {
      return this.liquid.renderFileSync(name, scope, { globals });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new TemplateError(
        `${name}.liquid`,
        `Template ${name}.liquid failed while rendering ${file}: ${reason}. ` +
          `Fix it in ${this.dirs[0]}, or delete it there to use folio's default.`,
        { cause: error },
      );
    }
  }
}
