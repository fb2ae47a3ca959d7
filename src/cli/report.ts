// What the CLI tells the user: labelled steps and one line per problem on stderr, one closing
// summary line, documented exit codes (set on process.exitCode, never process.exit()).

export const EXIT = { ok: 0, unexpected: 1, inputFailed: 2, usage: 3 } as const;

export interface Reporter {
  step(label: string, detail: string): void;
  problem(file: string, problem: string, fix: string): void;
  note(text: string): void;
  summary(text: string): void;
}

export function stderrReporter(quiet = false): Reporter {
  const write = (text: string) => process.stderr.write(`${text}\n`);
  return {
    step: (label, detail) => quiet || write(`${label.padEnd(8)} ${detail}`),
    problem: (file, problem, fix) => write(`  ✗ ${file}: ${problem}; ${fix}`),
    note: (text) => quiet || write(`  ${text}`),
    summary: (text) => write(text),
  };
}

export function seconds(startMs: number): string {
  return `${((performance.now() - startMs) / 1000).toFixed(1)} s`;
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
