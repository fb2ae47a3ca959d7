// Liquid templates turned into plain functions, for speed: liquidjs parses each template (its own
// syntax tree, filters and operators are used as they are), and the tags folio's templates use
// become closures, so a page is rendered without liquidjs's generator-driven interpreter (about
// 1 ms a page, a third of a render). Anything else (another tag, `forloop`, `block.super`, a
// range, a for loop's modifiers, a `*_exp` filter, an error) is liquidjs's to render: templates.ts
// falls back to it, so output and error messages are always what liquidjs gives. Filters get one
// liquidjs Context per page, as its options and memory limit are all they read (the `*_exp`
// filters read variables from it too, hence their exclusion). A partial's HTML is kept for the
// arguments and globals it reads (renderTag), so an article's card is rendered once for all the
// lists that show it, and again after a change only if the article changed.

import {
  AssignTag, BlockTag, CommentTag, Context, ForTag, IfTag, InlineCommentTag, LayoutTag, Output, RenderTag,
  isTruthy, toValue, toValueSync, TypeGuards, type Liquid, type Template,
} from 'liquidjs';

/** A compiled template: the HTML for one page, or throws (the caller then asks liquidjs). */
export type CompiledTemplate = (scope: object, globals: object) => string;

/** A template uses something this compiler does not handle; liquidjs renders it instead. */
export class Unsupported extends Error {
  override name = 'Unsupported';
}

type Scope = Record<string, unknown>;

/** What liquidjs's Context holds while rendering, in the same shape, so lookups find the same thing. */
class Frame {
  /** Innermost last; scopes[0] is where `assign` writes. */
  readonly scopes: Scope[];
  /** Blocks a child template defined for its layout, and whether they are being collected. */
  blocks: Map<string, Run> | null = null;
  storing = false;

  constructor(readonly context: Context, readonly environment: object, bottom: Scope) {
    this.scopes = [bottom];
  }

  /** A variable by name: the innermost scope that has it, then the page's data, then the globals (liquidjs's findScope). */
  lookup(key: unknown): unknown {
    const name = String(key);
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const scope = this.scopes[i]!;
      if (name in scope) return this.context.readProperty(scope, key as string);
    }
    const holder = name in this.environment ? this.environment : this.context.globals;
    return this.context.readProperty(holder, key as string);
  }
}

type Run = (frame: Frame, out: Html) => void;
type Evaluate = (frame: Frame) => unknown;
/**
 * The page's HTML so far, as its parts, joined once at the end. A string grown by `+=` (as
 * liquidjs's emitter does) is a tree of its pieces, which the page's encoding for the disk must
 * first flatten: at 10k pages that cost about three times the encoding itself, more than the join.
 */
class Html {
  private readonly parts: string[] = [];

  add(html: string): void {
    if (html !== '') this.parts.push(html);
  }

  addAll(other: Html): void {
    for (const part of other.parts) this.parts.push(part);
  }

  text(): string {
    return this.parts.join('');
  }
}

/** A loose view of liquidjs's syntax-tree nodes: their fields are not part of its typed API. */
type Node = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const BINARY = new Set(['==', '!=', '>', '<', '>=', '<=', 'contains', 'and', 'or']);
const createScope = (from?: object): Scope => Object.assign(Object.create(null) as Scope, from);

export class TemplateCompiler {
  /** Partials by name, compiled when first rendered (a missing one fails only if used). */
  private readonly partials = new Map<string, PartialInfo>();
  /** Layouts by name, likewise. */
  private readonly layouts = new Map<string, Run>();
  /** What the template being compiled reads and renders (see PartialInfo.names). */
  private reads: Reads | null = null;
  /** Partials being rendered to be kept (renderTag): those they render keep nothing meanwhile. */
  private filling = 0;

  constructor(private readonly liquid: Liquid) {
    const options = liquid.options as Node;
    // Options that change how lookups or truthiness work are left to liquidjs.
    if (options['strictVariables'] || options['jsTruthy'] || options['keepOutputType'] || !options['dynamicPartials']) {
      throw new Unsupported('liquid options this compiler does not follow');
    }
  }

  /** The template `name` (what renderFileSync takes) as a function; throws Unsupported. */
  compile(name: string): CompiledTemplate {
    const run = this.list(this.liquid.parseFileSync(name) as Template[], 'root');
    return (scope, globals) => {
      const context = new Context(scope, this.liquid.options, { sync: true, globals }, { liquid: this.liquid });
      const out = new Html();
      run(new Frame(context, scope, createScope()), out);
      return out.text();
    };
  }

  private list(templates: readonly Template[], where: Where): Run {
    const runs = templates.map((template) => this.node(template as unknown as Node, where));
    if (runs.length === 1) return runs[0]!;
    return (frame, out) => {
      for (const run of runs) run(frame, out);
    };
  }

  private node(node: Node, where: Where): Run {
    if (TypeGuards.isHTMLToken(node['token'])) {
      const html = String(node['str']);
      return (_frame, out) => out.add(html);
    }
    switch (node.constructor) {
      case Output: return this.output(node);
      case IfTag: return this.ifTag(node, where);
      case ForTag: return this.forTag(node, where);
      case RenderTag: return this.renderTag(node);
      case AssignTag: return this.assignTag(node);
      case LayoutTag: return this.layoutTag(node, where);
      case BlockTag: return this.blockTag(node, where);
      case CommentTag:
      case InlineCommentTag:
        return () => undefined;
      default:
        throw new Unsupported(`tag ${String(node['name'] ?? node.constructor?.name)}`);
    }
  }

  private output(node: Node): Run {
    const value = this.value(node['value']);
    return (frame, out) => out.add(stringify(toValue(value(frame))));
  }

  private ifTag(node: Node, where: Where): Run {
    const branches = (node['branches'] as Node[]).map((branch) => ({
      test: this.value(branch['value']),
      run: this.list(branch['templates'], where),
    }));
    const otherwise = this.list(node['elseTemplates'] ?? [], where);
    return (frame, out) => {
      for (const { test, run } of branches) {
        if (isTruthy(toValue(test(frame)), frame.context)) return run(frame, out);
      }
      otherwise(frame, out);
    };
  }

  private forTag(node: Node, where: Where): Run {
    if (Object.keys(node['hash'].hash).length > 0) throw new Unsupported('for loop modifiers');
    const variable = String(node['variable']);
    const collection = this.token(node['collection']);
    const body = this.list(node['templates'], where);
    const otherwise = this.list(node['elseTemplates'], where);
    return (frame, out) => {
      const items = toEnumerable(collection(frame));
      if (items.length === 0) return otherwise(frame, out);
      // liquidjs's loop scope also holds `forloop`; templates that read it are not compiled.
      const scope = createScope({ forloop: null });
      frame.scopes.push(scope);
      for (const item of items) {
        scope[variable] = item;
        body(frame, out);
      }
      frame.scopes.pop();
    };
  }

  /**
   * `{% render %}`: the partial in its own frame, with only its arguments and the page's globals.
   * Its HTML is kept for the arguments and the globals it reads (PartialInfo): a list page renders
   * the same article cards as the other lists of those articles, and after a change (folio watch)
   * pages whose lists shifted show cards already made. Objects are matched by identity: the views
   * a render gets are never changed (memo.ts), and a new one is a new object.
   */
  private renderTag(node: Node): Run {
    const file = node['file'];
    if (typeof file !== 'string' || file.startsWith('.') || node['with'] || node['forBinding']) throw new Unsupported('render with a computed or relative file, `with` or `for`');
    const args = Object.entries(node['hash'].hash as Record<string, Node | undefined>).map(
      ([key, token]) => [key, token === undefined ? () => true : this.token(token)] as const,
    );
    const given = args.map(([key]) => key);
    this.reads?.renders.push({ file, given });
    let partial: PartialInfo | null = null;
    /** The globals the partial reads besides its arguments, or null when it cannot be known (then nothing is kept). */
    let globalsRead: string[] | null = null;
    const kept = new KeptHtml();
    return (frame, out) => {
      if (partial === null) {
        partial = this.partial(file);
        globalsRead = partial.names && [...partial.names].filter((name) => !given.includes(name)).sort();
      }
      const bottom = createScope();
      for (const [key, evaluate] of args) bottom[key] = evaluate(frame);
      if (globalsRead === null) return partial.run(new Frame(frame.context, {}, bottom), out);
      const globals = frame.context.globals as Scope;
      const key = splitKey([...given.map((name) => bottom[name]), ...globalsRead.map((name) => globals[name])]);
      const html = kept.get(key);
      if (typeof html === 'string') return out.add(html);
      // Kept the second time: most calls (a page's pager, a related page's links) are made once.
      const keep = html === SEEN && this.filling === 0;
      if (html === undefined && this.filling === 0) kept.set(key, SEEN);
      if (!keep) return partial.run(new Frame(frame.context, {}, bottom), out);
      this.filling++;
      const own = new Html();
      try {
        partial.run(new Frame(frame.context, {}, bottom), own);
      } finally {
        this.filling--;
      }
      // The partials it renders keep nothing of their own meanwhile: its HTML holds theirs.
      const text = own.text();
      kept.set(key, text);
      out.add(text);
    };
  }

  private assignTag(node: Node): Run {
    const key = String(node['key']);
    const value = this.value(node['value']);
    return (frame) => void (frame.scopes[0]![key] = value(frame));
  }

  /**
   * `{% layout %}` in a page template: the rest of the page is rendered to collect its blocks (its
   * other output is the layout's anonymous block), then the layout is rendered with them.
   */
  private layoutTag(node: Node, where: Where): Run {
    const file = node['file'];
    if (where !== 'root' || typeof file !== 'string' || file.startsWith('.') || Object.keys(node['args'].hash).length > 0) {
      throw new Unsupported('layout inside a layout or partial, or with a computed file or arguments');
    }
    const child = this.list(node['templates'], 'page');
    return (frame, out) => {
      frame.blocks = new Map();
      frame.storing = true;
      const rest = new Html();
      child(frame, rest);
      if (!frame.blocks.has('')) frame.blocks.set('', (_frame, blockOut) => blockOut.addAll(rest));
      frame.storing = false;
      frame.scopes.push(createScope());
      this.layout(file)(frame, out);
      frame.scopes.pop();
    };
  }

  /** A block in a page template is kept for its layout; one in a layout shows the page's, else its own. */
  private blockTag(node: Node, where: Where): Run {
    if (where !== 'page' && where !== 'layout') throw new Unsupported('block outside a layout, or inside another block');
    const name = /\w+/.exec(String(node['token'].args))?.[0] ?? '';
    const own = this.list(node['templates'], 'block');
    // liquidjs puts `block` (for block.super) in scope while a block renders.
    const run: Run = (frame, out) => {
      frame.scopes.push(createScope({ block: null }));
      own(frame, out);
      frame.scopes.pop();
    };
    if (where === 'layout') return (frame, out) => (frame.blocks?.get(name) ?? run)(frame, out);
    return (frame, out) => {
      // A page defining a block twice shows the first (liquidjs makes the second its block.super).
      if (!frame.storing) run(frame, out);
      else if (!frame.blocks!.has(name)) frame.blocks!.set(name, run);
    };
  }

  /** The partial `file`, compiled when first rendered, with the names it reads. */
  private partial(file: string): PartialInfo {
    const known = this.partials.get(file);
    if (known) return known;
    const info: PartialInfo = { run: () => undefined, names: null };
    // A partial that renders itself, directly or not, is compiled and run, but none of its HTML kept.
    this.partials.set(file, info);
    const outer = this.reads;
    const reads: Reads = { names: new Set(), renders: [], dynamic: false };
    let names: Set<string> | null;
    try {
      this.reads = reads;
      info.run = this.list(this.liquid.parseFileSync(file, 'partials' as never) as Template[], 'partial');
      this.reads = outer;
      names = reads.dynamic ? null : reads.names;
      for (const { file: inner, given } of reads.renders) {
        const nested = names && this.partial(inner).names;
        if (!nested) names = null;
        else for (const name of nested) if (!given.includes(name)) names!.add(name);
      }
    } catch (error) {
      this.partials.delete(file);
      throw error;
    } finally {
      this.reads = outer;
    }
    info.names = names;
    return info;
  }

  private layout(file: string): Run {
    return this.lazily(this.layouts, file, () => this.list(this.liquid.parseFileSync(file, 'layouts' as never) as Template[], 'layout'));
  }

  private lazily(cache: Map<string, Run>, file: string, make: () => Run): Run {
    const known = cache.get(file);
    if (known) return known;
    let compiled: Run | null = null;
    const run: Run = (frame, out) => (compiled ??= make())(frame, out);
    cache.set(file, run);
    return run;
  }

  /** A filtered value (an output, a condition, an assignment). */
  private value(value: Node): Evaluate {
    const initial = this.expression(value['initial'].postfix as Node[]);
    const filters = (value['filters'] as Node[]).map((filter) => {
      // The *_exp filters evaluate an expression in liquidjs's context, which does not hold this frame's variables.
      if (String(filter['name']).endsWith('_exp')) throw new Unsupported(`filter ${String(filter['name'])}`);
      const args = (filter['args'] as (Node | [string, Node])[]).map((arg) =>
        Array.isArray(arg) ? { key: arg[0], value: this.token(arg[1]) } : { key: null, value: this.token(arg) },
      );
      const handler = filter['handler'] as (...input: unknown[]) => unknown;
      const token = filter['token'];
      return (input: unknown, frame: Frame): unknown => {
        const argv = args.map(({ key, value: evaluate }) => (key === null ? evaluate(frame) : [key, evaluate(frame)]));
        return toValueSync(handler.apply({ context: frame.context, token, liquid: this.liquid }, [input, ...argv]));
      };
    });
    if (filters.length === 0) return initial;
    return (frame) => {
      let result = initial(frame);
      for (const filter of filters) result = filter(result, frame);
      return result;
    };
  }

  /** An expression in postfix order, as liquidjs's Expression keeps it. */
  private expression(postfix: readonly Node[]): Evaluate {
    if (postfix.length === 1 && !TypeGuards.isOperatorToken(postfix[0] as never)) return this.token(postfix[0]!);
    const operators = this.liquid.options.operators as Record<string, (...args: unknown[]) => unknown>;
    type Step = { operand: Evaluate } | { operator: (...args: unknown[]) => unknown; unary: boolean };
    const steps = postfix.map((token): Step => {
      if (!TypeGuards.isOperatorToken(token as never)) return { operand: this.token(token) };
      const name = String(token['operator']);
      if (name !== 'not' && !BINARY.has(name)) throw new Unsupported(`operator ${name}`);
      return { operator: operators[name]!, unary: name === 'not' };
    });
    return (frame) => {
      const stack: unknown[] = [];
      for (const step of steps) {
        if ('operand' in step) {
          stack.push(step.operand(frame));
          continue;
        }
        const right = stack.pop();
        const result = step.unary ? step.operator(right, frame.context) : step.operator(stack.pop(), right, frame.context);
        stack.push(toValueSync(result));
      }
      return stack[0];
    };
  }

  /** A literal or a variable with its properties (liquidjs's evalToken). */
  private token(token: Node): Evaluate {
    if ('content' in token) {
      const content = token['content'];
      return () => content;
    }
    if (!TypeGuards.isPropertyAccessToken(token as never)) throw new Unsupported('range or grouped expression');
    const props = (token['props'] as Node[]).map((prop) => this.token(prop));
    const first = token['props'][0] as Node | undefined;
    if (first && 'content' in first && (first['content'] === 'forloop' || first['content'] === 'block') && !token['variable']) {
      throw new Unsupported(`${String(first['content'])} variable`);
    }
    const read = (frame: Frame, holder: unknown, from: number): unknown => {
      let value = holder;
      for (let i = from; i < props.length; i++) value = frame.context.readProperty(value as object, toValue(props[i]!(frame)) as string);
      return value;
    };
    if (token['variable']) {
      const variable = this.token(token['variable']);
      return (frame) => read(frame, variable(frame), 0);
    }
    if (this.reads) {
      if (first && 'content' in first) this.reads.names.add(String(first['content']));
      else this.reads.dynamic = true;
    }
    return (frame) => read(frame, frame.lookup(toValue(props[0]!(frame))), 1);
  }
}

/** A compiled partial, and what it reads. */
interface PartialInfo {
  run: Run;
  /**
   * Every variable name the partial, and the partials it renders, look up (an argument, one of
   * its own, or a global), or null when a lookup is computed or a partial renders itself.
   */
  names: Set<string> | null;
}

/** Collected while a partial is compiled. */
interface Reads {
  names: Set<string>;
  /** The partials it renders, with the arguments each is given. */
  renders: { file: string; given: string[] }[];
  /** A variable looked up by a computed name. */
  dynamic: boolean;
}

/**
 * HTML kept by a list of values: objects by identity, other values by value. Entries hang off the
 * first object in the list (weakly held: a view dropped from the model takes its HTML with it).
 */
class KeptHtml {
  /** By the key's first object: one entry (most objects are in one key), or a map by the rest of the key. */
  private readonly byObject = new WeakMap<object, KeptEntry | Map<string, string | typeof SEEN>>();
  private readonly byValue = new Map<string, string | typeof SEEN>();

  /** The HTML kept, SEEN, or undefined. */
  get({ anchor, rest }: KeptKey): string | typeof SEEN | undefined {
    if (anchor === null) return this.byValue.get(rest);
    const kept = this.byObject.get(anchor);
    return kept instanceof Map ? kept.get(rest) : kept?.rest === rest ? kept.html : undefined;
  }

  set({ anchor, rest }: KeptKey, html: string | typeof SEEN): void {
    if (anchor === null) {
      // Keys of values alone are held strongly: a long watch over changing values starts again now and then.
      if (this.byValue.size >= KEPT_BY_VALUE) this.byValue.clear();
      return void this.byValue.set(rest, html);
    }
    const kept = this.byObject.get(anchor);
    if (kept === undefined || (!(kept instanceof Map) && kept.rest === rest)) this.byObject.set(anchor, { rest, html });
    else if (kept instanceof Map) kept.set(rest, html);
    else this.byObject.set(anchor, new Map([[kept.rest, kept.html], [rest, html]]));
  }
}

/** A key as KeptHtml looks it up: its first object, and the rest as a string (splitKey). */
interface KeptKey {
  anchor: object | null;
  rest: string;
}

interface KeptEntry {
  rest: string;
  html: string | typeof SEEN;
}

/** Calls a partial keeps by arguments that are all strings, numbers and the like, at the most. */
const KEPT_BY_VALUE = 20_000;

/** A key rendered once, its HTML not kept. */
const SEEN = Symbol('seen');

/** Numbers standing for objects in keys. */
const objectIds = new WeakMap<object, number>();
let nextObjectId = 0;

/** The key's first object, and the rest as a string (objects by number, strings quoted, other values typed). */
function splitKey(key: readonly unknown[]): KeptKey {
  let anchor: object | null = null;
  let rest = '';
  for (const value of key) {
    if (isObject(value)) {
      if (anchor === null) {
        anchor = value;
        rest += '@,';
        continue;
      }
      let id = objectIds.get(value);
      if (id === undefined) objectIds.set(value, (id = nextObjectId++));
      rest += `#${id},`;
    } else rest += typeof value === 'string' ? `${JSON.stringify(value)},` : `${typeof value}:${String(value)},`;
  }
  return { anchor, rest };
}

const isObject = (value: unknown): value is object => (typeof value === 'object' && value !== null) || typeof value === 'function';

/**
 * Where a template is compiled: a layout tag is taken only in a page template ('root'), blocks
 * only in a page that has a layout ('page') and in that layout ('layout').
 */
type Where = 'root' | 'page' | 'layout' | 'partial' | 'block';

/** liquidjs's stringify: what its emitter writes for a value. */
function stringify(value: unknown): string {
  value = toValue(value);
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(stringify).join('');
  return String(value);
}

/** liquidjs's toEnumerable: what a for loop walks. */
function toEnumerable(value: unknown): unknown[] {
  value = toValue(value);
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return value.length > 0 ? [value] : [];
  if (value !== null && (typeof value === 'object' || typeof value === 'function')) {
    if (Symbol.iterator in (value as object)) return Array.from(value as Iterable<unknown>);
    return Object.keys(value as object).map((key) => [key, (value as Scope)[key]]);
  }
  return [];
}
