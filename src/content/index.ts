export { serializeRecord, parseRecord, readRecords, listRecordFiles, isProblem, writeFileAtomic } from './store.ts';
export type { RecordProblem } from './store.ts';
export { syncRecords, existingSlugs, readLedgerThrough, wantedSlugs, LEDGER_FILE } from './sync.ts';
export type { SyncOptions, SyncSummary, Conflict, ImportedRecord } from './sync.ts';
