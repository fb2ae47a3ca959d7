// The Liquid engine pages are made with. Users' templates override folio's defaults file by file;
// output is HTML-escaped unless a template asks for `| raw` (only the sanitized body needs it).

import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Liquid, type Context } from 'liquidjs';
import { TemplateCompiler, type CompiledTemplate } from './template-compiler.ts';

/** folio's own templates/, the fallback for any template a user's folder lacks. */
export const DEFAULT_TEMPLATES_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));

/** Where templates are looked up, first match wins: the user's folder, then folio's defaults. */
export function templateDirs(templatesDir: string): string[] {
  return [...new Set([resolve(templatesDir), resolve(DEFAULT_TEMPLATES_DIR)])];
}

/** A template that is missing or fails: the user's to fix, so the message says where and how. */
export class TemplateError extends Error {
  override name = 'TemplateError';
  constructor(readonly template: string, message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/** The engine pages are rendered with, reading templates from `dirs` (first match wins). */
export function liquidEngine(dirs: readonly string[]): Liquid {
  const liquid = new Liquid({
    root: [...dirs],
    extname: '.liquid',
    outputEscape: 'escape',
    strictFilters: true,
    cache: true,
    // The `date` filter would otherwise use the build machine's zone and break reproducible builds.
    timezoneOffset: 0,
  });
  // liquidjs's `escape` runs a replace with a callback on every output; most have nothing to
  // escape, and are given back as they are (the same result, a tenth of a list page's time).
  const escape = liquid.options.outputEscape as unknown as OutputFilter;
  const quick: OutputFilter = function (value) {
    if (typeof value !== 'string' || ESCAPED.test(value)) return escape.call(this, value);
    this.context.memoryLimit.use(value.length);
    return value;
  };
  liquid.options.outputEscape = quick as (value: unknown) => string;
  return liquid;
}

/** A filter as liquidjs calls it: with its context as `this`. */
type OutputFilter = (this: { context: Context }, value: unknown) => string;

/** What liquidjs's `escape` replaces. */
const ESCAPED = /[&<>"']/;

export class Templates {
  /** Where templates are looked up, first match wins: the user's folder, then folio's defaults. */
  readonly dirs: string[];
  private readonly liquid: Liquid;
  private readonly compiler: TemplateCompiler;
  /** Each page template compiled (template-compiler.ts), or null where liquidjs renders it itself. */
  private readonly compiled = new Map<string, CompiledTemplate | null>();

  constructor(templatesDir: string) {
    this.dirs = templateDirs(templatesDir);
    this.liquid = liquidEngine(this.dirs);
    this.compiler = new TemplateCompiler(this.liquid);
  }

  /**
   * Render `name` (without `.liquid`) for the page written to `file`. Synchronous: templates read
   * no files while rendering (parsed ones are cached), and liquidjs's async mode awaits every tag,
   * which took a third of the render time. Where template-compiler.ts handles every tag the page
   * uses, its compiled function renders the page (same bytes, about a fifth of liquidjs's time).
   */
  render(name: string, scope: object, globals: object, file: string): string {
    const compiled = this.compiledTemplate(name);
    if (compiled !== null) {
      try {
        return compiled(scope, globals);
      } catch {
        // Rendered again below: liquidjs gives the output, or the error with its place in the template.
        this.compiled.set(name, null);
      }
    }
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

  private compiledTemplate(name: string): CompiledTemplate | null {
    let compiled = this.compiled.get(name);
    if (compiled === undefined) {
      try {
        compiled = this.compiler.compile(name);
      } catch {
        compiled = null; // something the compiler does not handle, or a template liquidjs cannot parse
      }
      this.compiled.set(name, compiled);
    }
    return compiled;
  }
}
