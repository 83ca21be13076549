// vnetlab check -t FILE | --data DIR | --endpoint URL [--json]: the lab's problems and warnings, then each expected flow PASS/FAIL.
import type { Command } from 'commander';
import { adviceOf, checkExpectations } from '../diagnostics/index.ts';
import type { ExpectationResult } from '../diagnostics/index.ts';
import { colorsOf, EXIT, usageError } from './io.ts';
import type { Io } from './io.ts';
import { json, problemRows, table, warningRows } from './render.ts';
import { loadSource, sourceName, withSource } from './source.ts';
import type { SourceFlags } from './source.ts';
import type { Verb } from './verb.ts';

export const registerCheck: Verb = (program: Command, run) => {
  withSource(
    program
      .command('check')
      .description('validate a topology as Azure would and check its expected flows (exit 1 on any failure)'),
  )
    .option('--json', 'print problems, warnings and expectation results as JSON')
    .action((opts: SourceFlags & { json?: boolean }) => run((io) => check(io, opts, opts.json === true)));
};

export async function check(io: Io, source: SourceFlags, asJson: boolean): Promise<number> {
  const loaded = await loadSource(source);
  const path = sourceName(source);
  if (!loaded.ok) return usageError(io, loaded.reason);
  const { world, topology, problems } = loaded.value;
  const warnings = problems.length ? loaded.value.warnings : [...loaded.value.warnings, ...adviceOf(world)];
  const results = problems.length ? [] : checkExpectations(world, topology.expectations);
  const failed = problems.length > 0 || results.some((r) => !r.passed);
  if (asJson) {
    io.out(json({ problems, warnings, expectations: results }));
    return failed ? EXIT.failed : EXIT.ok;
  }
  const c = colorsOf(io);
  const title = topology.name ? `${topology.name} (${path})` : path;
  if (problems.length) {
    io.out(`${title}: ${c.red(`${problems.length} problem(s)`)}; Azure would refuse this topology`);
    io.out(table(['Code', 'Target', 'Message'], problemRows(problems), [null, null, 80]));
  } else {
    io.out(`${title}: ${world.resources.size} resource(s), no problems`);
  }
  if (warnings.length) {
    io.out(`Warnings (${warnings.length})`);
    io.out(table(['Kind', 'Code', 'Target', 'Message'], warningRows(warnings), [null, null, null, 80]));
  }
  if (problems.length) {
    if (topology.expectations.length) io.out(`${topology.expectations.length} expectation(s) not checked`);
    return EXIT.failed;
  }
  if (results.length) {
    io.out(`Expectations (${results.filter((r) => r.passed).length} of ${results.length} passed)`);
    io.out(
      table(
        ['Result', 'Flow', 'Access', 'Rule', 'Next Hop', 'Details'],
        results.map((r) => [
          r.passed ? c.green('PASS') : c.red('FAIL'),
          flowOf(r),
          r.actual.access,
          r.actual.rule,
          [r.actual.nextHopType, r.actual.nextHopIpAddress].filter(Boolean).join(' '),
          r.passed ? r.actual.reason : r.failures.join('\n'),
        ]),
        [null, 50, null, null, null, 60],
      ),
    );
  }
  return failed ? EXIT.failed : EXIT.ok;
}

function flowOf(r: ExpectationResult): string {
  const e = r.expectation;
  const flow = `${e.from} → ${e.to} ${e.protocol}${e.port !== undefined ? `/${e.port}` : ''}`;
  return e.name ? `${e.name}\n${flow}` : flow;
}
