// tshark (Debian package `tshark`) as the independent decoder for packets on disk (DESIGN.md §6).
import { execFileSync, spawnSync } from 'node:child_process';

// An empty personal configuration (a directory that does not exist), so the results depend on tshark's
// defaults only: no preferences, profiles or Lua plugins from the home of whoever runs the tests.
const ENV = { ...process.env, WIRESHARK_CONFIG_DIR: '/nonexistent/vnetlab-tshark' };

// -n: no name resolution, so tshark neither prints names nor sends DNS queries off the machine.
const BASE_ARGS = ['-n'];

let available: boolean | undefined;

export function hasTshark(): boolean {
  available ??= spawnSync('tshark', ['--version'], { stdio: 'ignore', env: ENV }).status === 0;
  return available;
}

function run(args: string[]): string {
  // Run as root, tshark prints a warning on stderr and carries on; stderr is kept out of the result.
  return execFileSync('tshark', [...BASE_ARGS, ...args], {
    encoding: 'utf8',
    env: ENV,
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
}

// One row per packet, one column per field; a field absent from a packet is ''. Fields that occur several
// times in one packet (e.g. ip.src of an outer and an inner header) are joined with ','. `prefs` become
// `-o name:value` (e.g. { 'tcp.check_checksum': 'TRUE' }).
export function tsharkFields(
  file: string,
  fields: string[],
  filter?: string,
  prefs: Record<string, string> = {},
): string[][] {
  const args = ['-r', file, '-T', 'fields', '-E', 'separator=/t', '-E', 'occurrence=a', '-E', 'aggregator=,'];
  for (const field of fields) args.push('-e', field);
  if (filter !== undefined) args.push('-Y', filter);
  for (const [name, value] of Object.entries(prefs)) args.push('-o', `${name}:${value}`);
  return run(args)
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.split('\t'));
}

// tshark's JSON dissection (-T json): an array with one object per packet; validate before use.
export function tsharkJson(file: string, filter?: string): unknown {
  const args = ['-r', file, '-T', 'json'];
  if (filter !== undefined) args.push('-Y', filter);
  return JSON.parse(run(args)) as unknown;
}
