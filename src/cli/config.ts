// Settings in layers: typed defaults -> folio.config.json -> environment -> command-line flags.

import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { defaultSiteConfig, type SiteConfig } from '../model/site.ts';
import type { TagSynonyms } from '../normalize/index.ts';
// links.ts alone: the render stage as a whole is slow to load, and a no-op build must start fast.
import { siteBaseUrl } from '../render/links.ts';

export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SAMPLE_DIR = resolve(PACKAGE_ROOT, 'examples/scraped');
export const DEFAULT_TEMPLATES = resolve(PACKAGE_ROOT, 'templates');
export const CONFIG_FILE = 'folio.config.json';
export const DEFAULT_CACHE_DIR = '.folio-cache';

export interface Config {
  site: SiteConfig;
  content: string;
  out: string;
  templates: string;
  /** Canonical tag -> other spellings that mean it (folio.config.json "tagSynonyms"). */
  tagSynonyms: TagSynonyms;
  /** The persistent cache folder (parsed pages, converted bodies, build stamps); safe to delete. */
  cacheDir: string;
}

export class ConfigError extends Error {}

export function defaultConfig(): Config {
  return { site: defaultSiteConfig(), content: 'content', out: 'dist', templates: DEFAULT_TEMPLATES, tagSynonyms: {}, cacheDir: DEFAULT_CACHE_DIR };
}

export interface ConfigFlags {
  config?: string;
  content?: string;
  out?: string;
  templates?: string;
  baseUrl?: string;
  cacheDir?: string;
}

/** Largest page size accepted: a list page beyond this is too long to read or to load on a phone. */
const MAX_PAGE_SIZE = 1000;

/** The config file a run reads: --config, else FOLIO_CONFIG, else folio.config.json (optional). */
export function configPath(flags: ConfigFlags): string {
  return flags.config ?? process.env['FOLIO_CONFIG'] ?? CONFIG_FILE;
}

export async function loadConfig(flags: ConfigFlags): Promise<Config> {
  const config = defaultConfig();
  const path = configPath(flags);
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' && !flags.config) return null;
    throw new ConfigError(`${path}: cannot read the config file (${error.code ?? error.message}); check the --config path`);
  });
  if (text !== null) {
    let data: Record<string, unknown>;
    try {
      data = JSON.parse(text) as Record<string, unknown>;
    } catch (error) {
      throw new ConfigError(`${path}: not valid JSON (${(error as Error).message}); fix the file or remove it`);
    }
    applyFile(config, data, path);
  }
  if (process.env['FOLIO_CONTENT']) config.content = process.env['FOLIO_CONTENT'];
  if (process.env['FOLIO_OUT']) config.out = process.env['FOLIO_OUT'];
  if (process.env['FOLIO_BASE_URL']) config.site.baseUrl = readBaseUrl(process.env['FOLIO_BASE_URL'], 'FOLIO_BASE_URL');
  if (flags.content) config.content = flags.content;
  if (flags.out) config.out = flags.out;
  if (flags.templates) config.templates = flags.templates;
  if (process.env['FOLIO_CACHE_DIR']) config.cacheDir = process.env['FOLIO_CACHE_DIR'];
  if (flags.cacheDir) config.cacheDir = flags.cacheDir;
  if (flags.baseUrl) config.site.baseUrl = readBaseUrl(flags.baseUrl, '--base-url');
  return config;
}

function applyFile(config: Config, data: Record<string, unknown>, path: string): void {
  const strings: (keyof SiteConfig)[] = ['title', 'description', 'lang'];
  for (const key of strings) {
    const value = data[key];
    if (value === undefined) continue;
    if (typeof value !== 'string') throw new ConfigError(`${path}: "${key}" must be a string, found ${JSON.stringify(value)}`);
    (config.site as unknown as Record<string, unknown>)[key] = value;
  }
  for (const key of ['content', 'out', 'templates', 'cacheDir'] as const) {
    const value = data[key];
    if (value === undefined) continue;
    if (typeof value !== 'string') throw new ConfigError(`${path}: "${key}" must be a path string, found ${JSON.stringify(value)}`);
    config[key] = value;
  }
  if (data['baseUrl'] !== undefined && data['baseUrl'] !== null) {
    if (typeof data['baseUrl'] !== 'string') throw new ConfigError(`${path}: "baseUrl" must be a string like "https://example.org/archive/", found ${JSON.stringify(data['baseUrl'])}`);
    config.site.baseUrl = readBaseUrl(data['baseUrl'], `${path}: "baseUrl"`);
  }
  if (data['pageSize'] !== undefined) {
    const size = data['pageSize'];
    if (typeof size !== 'number' || !Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
      throw new ConfigError(`${path}: "pageSize" must be a whole number from 1 to ${MAX_PAGE_SIZE}, found ${JSON.stringify(size)}`);
    }
    config.site.pageSize = size;
  }
  if (data['tagSynonyms'] !== undefined) config.tagSynonyms = readSynonyms(data['tagSynonyms'], path);
  if (data['remoteImages'] !== undefined) {
    if (typeof data['remoteImages'] !== 'boolean') throw new ConfigError(`${path}: "remoteImages" must be true or false, found ${JSON.stringify(data['remoteImages'])}`);
    config.site.remoteImages = data['remoteImages'];
  }
}

/** A base URL from `where` (a flag, variable or config key), normalized to end in "/". */
function readBaseUrl(value: string, where: string): string {
  const url = siteBaseUrl(value);
  if (url === null) {
    throw new ConfigError(`${where}: "${value}" is not a usable base URL; give the absolute http(s) address the site is served at, without ?query or #fragment, e.g. https://example.org/archive/`);
  }
  return url;
}

function readSynonyms(value: unknown, path: string): TagSynonyms {
  const example = '{"人工智能": ["AI", "A.I."]}';
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ConfigError(`${path}: "tagSynonyms" must map a tag to its other spellings, like ${example}`);
  for (const [tag, variants] of Object.entries(value)) {
    if (!Array.isArray(variants) || !variants.every((v) => typeof v === 'string')) {
      throw new ConfigError(`${path}: "tagSynonyms"."${tag}" must be a list of strings, found ${JSON.stringify(variants)}; e.g. ${example}`);
    }
  }
  return value as TagSynonyms;
}
