export { parsePage } from './page.ts';
export type { ParseOptions } from './page.ts';
