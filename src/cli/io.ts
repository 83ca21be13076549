// Where the CLI writes: stdout for answers, stderr for errors and warnings. Injected so tests can capture it.
import pc from 'picocolors';

export interface Io {
  /** Writes one line (or several) to stdout. */
  out(text: string): void;
  /** Writes one line to stderr. */
  err(text: string): void;
  /** Colour only on a terminal (and never when NO_COLOR is set). */
  readonly color: boolean;
}

export const processIo: Io = {
  out: (text) => void process.stdout.write(`${text}\n`),
  err: (text) => void process.stderr.write(`${text}\n`),
  color: process.stdout.isTTY === true && !('NO_COLOR' in process.env),
};

/** picocolors with colour switched by the Io, not by picocolors' own guess (which says yes under CI). */
export const colorsOf = (io: Io) => pc.createColors(io.color);

/** Exit codes: 0 success, 1 the topology has problems or an expectation failed, 2 bad input, 70 a bug. */
export const EXIT = { ok: 0, failed: 1, usage: 2, bug: 70 } as const;

/** The one line for bad input (unreadable file, unknown NIC, malformed address...). */
export function usageError(io: Io, message: string): number {
  io.err(`vnetlab: ${message}`);
  return EXIT.usage;
}
