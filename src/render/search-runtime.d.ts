// Types of search-runtime.js, for the indexer (search.ts) and the tests.

export const INDEX_VERSION: number;
export const GROUP_SIZE: number;
export const MAX_TERM_LENGTH: number;
export type QueryWord = { term: string; prefix?: undefined } | { prefix: string; term?: undefined };
export function terms(text: string): string[];
export function scan(text: string, word: (word: string) => void, pair: (a: number, b: number) => void, single: (c: number) => void): void;
export function queryWords(query: string): QueryWord[];
export function readVarint(bytes: Uint8Array, at: { offset: number }): number;
export function readChunk(buffer: ArrayBuffer | Uint8Array): Map<string, Uint8Array>;
export function readPostings(bytes: Uint8Array): Map<number, number>;
export interface SearchDoc {
  url: string;
  title: string;
  date: string | null;
  site: string | null;
  text: string;
}
export interface SearchHit extends SearchDoc {
  excerpt: [string, boolean][];
}
export interface OpenIndex {
  docs: number;
  search(query: string): Promise<{ total: number; results: { load(): Promise<SearchHit> }[] }>;
}
export type FetchLike = (url: string, init?: RequestInit) => Promise<Response>;
export interface IndexMeta {
  version: number;
  build: string;
  docs: number;
  groupSize: number;
  chunks: string[];
}
export function loadMeta(base: string | URL, fetchImpl?: FetchLike): Promise<IndexMeta>;
export function openIndex(base: string | URL, fetchImpl?: FetchLike, meta?: IndexMeta | null): Promise<OpenIndex>;
export function withExcerpt(data: SearchDoc, query: string): SearchHit;
