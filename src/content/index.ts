export { serializeRecord, parseRecord, readRecords, writeRecords, listRecordFiles, isProblem } from './store.ts';
export type { RecordProblem, WriteSummary } from './store.ts';
