export { startWatch, type Changes, type Outcome, type Rebuild, type WatchOptions, type WatchReporter, type WatchSession } from './start.ts';
export { PortError } from './errors.ts';
export { isInside, scratchRule } from './ignore.ts';
export { CLIENT_TAG, EVENTS_PATH } from './client.ts';
