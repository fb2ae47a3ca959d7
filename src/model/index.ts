export * from './page.ts';
export * from './record.ts';
export * from './site.ts';
export * from './schema.ts';
