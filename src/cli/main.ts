// The vnetlab command line, in the containerlab manner: few verbs, tables by default, --json for Azure's JSON.
// Exit codes (io.ts): 0 ok, 1 problems or failed expectations, 2 bad input (one line on stderr, starting
// 'vnetlab: '), 70 a bug. This is the only place exceptions are caught.
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { EXIT, processIo } from './io.ts';
import type { Io } from './io.ts';
import { registerAdvertised } from './advertised.ts';
import { registerCapture } from './capture.ts';
import { registerCheck } from './check.ts';
import { registerNextHop } from './next-hop.ts';
import { registerRoutes } from './routes.ts';
import { registerRules } from './rules.ts';
import { registerServe } from './serve.ts';
import { registerImport } from './import.ts';
import { registerExport } from './export.ts';
import { registerTrace } from './trace.ts';
import { registerVerify } from './verify.ts';
import type { Run } from './verb.ts';

const VERBS = [
  registerCheck,
  registerRoutes,
  registerRules,
  registerNextHop,
  registerVerify,
  registerAdvertised,
  registerTrace,
  registerCapture,
  registerServe,
  registerImport,
  registerExport,
];

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  let code: number = EXIT.ok;
  const run: Run = async (work) => {
    code = await work(io);
  };
  const program = new Command('vnetlab')
    .description(
      'Azure virtual networking on one machine: effective routes, security rules, next hop and IP flow verify from a topology file, and packets through an emulated data plane (trace, capture)',
    )
    .version(version(), '-v, --version', 'print the version')
    .helpOption('-h, --help', 'print help')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.out(text.replace(/\n$/, '')),
      writeErr: (text) => io.err(text.replace(/\n$/, '')),
      // Errors are printed once, by the catch below, as 'vnetlab: ...'.
      outputError: () => undefined,
    });
  for (const register of VERBS) register(program, run);
  if (argv.length === 0) {
    io.out(program.helpInformation().replace(/\n$/, ''));
    return EXIT.ok;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(e.code)) return EXIT.ok;
      // Commander's messages start 'error: ' and may carry a suggestion on a second line.
      return usage(
        io,
        e.message
          .replace(/^error: /, '')
          .replace(/\n+/g, ' ')
          .trim(),
      );
    }
    io.err(`vnetlab: bug: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return EXIT.bug;
  }
}

function usage(io: Io, message: string): number {
  io.err(`vnetlab: ${message} (see 'vnetlab --help')`);
  return EXIT.usage;
}
