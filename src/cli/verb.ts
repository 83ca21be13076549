// How a verb plugs into main: it registers its command and hands its work to `run`, which supplies the Io and
// records the exit code. Verb files parse flags, call the library and render; nothing else.
import type { Command } from 'commander';
import type { Io } from './io.ts';

export type Run = (work: (io: Io) => number | Promise<number>) => Promise<void>;
export type Verb = (program: Command, run: Run) => void;

export const JSON_FLAG = ['--json', "print Azure's JSON instead of a table"] as const;
