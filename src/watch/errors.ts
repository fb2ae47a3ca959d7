// Errors the watch reports to the user as bad usage (exit code 3), kept apart so the CLI can
// recognise them without loading the watcher and server.

/** The port asked for, and the next ones, could not be listened on. */
export class PortError extends Error {}
