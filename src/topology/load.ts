// Loading topology files: YAML topologies (schemas/topology.schema.json) and ARM JSON exports, into changes
// for apply(). Every failure is one line naming the file and the place: line:col, and the JSON pointer of
// the value at fault for schema violations. Read docs/topology-format.md before changing this file.
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { LineCounter, parseDocument, visit } from 'yaml';
import { apply, EMPTY_WORLD, keyOf, resourcesOfType, T } from '../model/index.ts';
import type { Change, Problem, Warning, World } from '../model/index.ts';
import { isObject, MAX_JSON_DEPTH, nestsDeeperThan } from '../net/index.ts';
import type { Result } from '../net/index.ts';
import { topologyFromArmJson } from './arm-json.ts';
import { pointerSegments, schemaError } from './schema.ts';
import { topologyFromDocument } from './yaml-topology.ts';
import type { TopologyDocument } from './yaml-topology.ts';
import type { Topology } from './types.ts';

/** Fixed so that loading the same file twice gives the same world (AVNM commit times). */
export const LOAD_TIME = '2026-01-01T00:00:00Z';

export function loadTopologyFile(path: string): Result<Topology> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (e as Error).message;
    return { ok: false, reason: `${path}: cannot read the topology file: ${why}` };
  }
  return parseTopology(text, formatOf(path, text), path);
}

/** By extension; otherwise JSON when the text opens like JSON. */
function formatOf(path: string, text: string): 'yaml' | 'json' {
  const ext = extname(path).toLowerCase();
  if (ext === '.json') return 'json';
  if (ext === '.yaml' || ext === '.yml') return 'yaml';
  return /^\s*[[{]/.test(text) ? 'json' : 'yaml';
}

export function parseTopology(text: string, format: 'yaml' | 'json', origin: string): Result<Topology> {
  const parsed = format === 'yaml' ? parseYaml(text, origin) : parseJson(text, origin);
  if (!parsed.ok) return { ok: false, reason: printable(parsed.reason) };
  const twice = declaredTwice(parsed.value.changes);
  return twice.length
    ? { ok: true, value: { ...parsed.value, warnings: [...parsed.value.warnings, ...twice] } }
    : parsed;
}

/**
 * The same resource declared twice in one file: the later declaration replaces the earlier, as a second PUT
 * would (ARM refuses a template that does so: "The resource '...' is defined multiple times in a template").
 */
function declaredTwice(changes: readonly Change[]): Warning[] {
  const seen = new Set<string>();
  const out: Warning[] = [];
  for (const c of changes) {
    if (c.op !== 'put' || !isObject(c.resource) || typeof c.resource.id !== 'string') continue;
    const key = keyOf(c.resource.id);
    if (!seen.has(key)) {
      seen.add(key);
      continue;
    }
    out.push({
      kind: 'advice',
      code: 'ResourceDeclaredTwice',
      message: `${c.resource.id} is declared more than once in the file; the last declaration is the one applied.`,
      target: c.resource.id,
    });
  }
  return out;
}

// Parsers quote the bytes they stumbled on; control characters among them would break the one-line message.
const printable = (reason: string): string =>
  [...reason].map((c) => (isControl(c) ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : c)).join('');

const isControl = (c: string): boolean => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f;

function parseYaml(text: string, origin: string): Result<Topology> {
  const lineCounter = new LineCounter();
  const read = readYaml(text, lineCounter);
  if (!read.ok) {
    const at = read.position === undefined ? '' : `:${lineCol(text, read.position)}`;
    return { ok: false, reason: `${origin}${at}: invalid YAML: ${read.message}` };
  }
  const data = read.value;
  if (data === null || data === undefined)
    return { ok: false, reason: `${origin}: the topology file is empty` };
  if (nestsDeeperThan(data)) return { ok: false, reason: tooDeep(origin) };
  return fromDocument(data, text, origin);
}

type YamlRead = { ok: true; value: unknown } | { ok: false; message: string; position?: number };

// The YAML library throws where the file is hostile rather than malformed: aliases expanding past its limit
// ("Excessive alias count"), an alias to no anchor, nesting deeper than its recursion can go. Each is the
// file's problem, reported at the first alias (or unplaced for nesting), never thrown.
function readYaml(text: string, lineCounter: LineCounter): YamlRead {
  try {
    const doc = parseDocument(text, { lineCounter, prettyErrors: false });
    const error = doc.errors[0];
    if (error) return { ok: false, message: error.message, position: error.pos[0] };
    try {
      return { ok: true, value: doc.toJS({ maxAliasCount: 100 }) as unknown };
    } catch (e) {
      let position: number | undefined;
      visit(doc, {
        Alias(_key, node) {
          position ??= node.range?.[0];
        },
      });
      return { ok: false, message: messageOf(e), ...(position === undefined ? {} : { position }) };
    }
  } catch (e) {
    if (e instanceof RangeError) return { ok: false, message: `it nests deeper than YAML can be read` };
    return { ok: false, message: messageOf(e) };
  }
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));
const tooDeep = (origin: string) => `${origin}: the file nests deeper than ${MAX_JSON_DEPTH} levels`;

function parseJson(text: string, origin: string): Result<Topology> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    // V8: "... in JSON at position N"; the other messages name no position.
    const message = (e as Error).message;
    const at = /\s+in JSON at position (\d+)/.exec(message);
    const end = /Unexpected end of JSON input/.test(message) ? text.length : undefined;
    const position = at ? Number(at[1]) : end;
    const where = position !== undefined ? `${origin}:${lineCol(text, position)}` : origin;
    return {
      ok: false,
      reason: `${where}: invalid JSON: ${message.replace(/\s+in JSON at position \d+.*$/, '')}`,
    };
  }
  if (nestsDeeperThan(data)) return { ok: false, reason: tooDeep(origin) };
  // A topology document written in JSON rather than YAML (it has resources:, no id and no value).
  if (isTopologyDocument(data)) return fromDocument(data, text, origin);
  if (
    typeof data === 'object' &&
    data !== null &&
    String((data as { $schema?: unknown }).$schema).includes('deploymentTemplate')
  ) {
    return {
      ok: false,
      reason: `${origin}: an ARM deployment template: the analysis verbs read it (-t FILE -p key=value); deploy it with 'az deployment group create' against 'vnetlab serve', or give the resources as ARM JSON`,
    };
  }
  const built = topologyFromArmJson(data);
  if (!built.ok) return { ok: false, reason: located(origin, text, built.pointer, built.message) };
  return built;
}

function isTopologyDocument(data: unknown): boolean {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return false;
  const o = data as Record<string, unknown>;
  return (
    Array.isArray(o.resources) &&
    o.id === undefined &&
    o.value === undefined &&
    !String(o.$schema).includes('deploymentTemplate')
  );
}

function fromDocument(data: unknown, text: string, origin: string): Result<Topology> {
  const invalid = schemaError(data);
  if (invalid) return { ok: false, reason: located(origin, text, invalid.pointer, invalid.message) };
  const built = topologyFromDocument(data as TopologyDocument);
  if (!built.ok) return { ok: false, reason: located(origin, text, built.pointer, built.message) };
  return built;
}

/** "file:line:col: /pointer: message", the position found by re-reading the text with the YAML parser (JSON is YAML). */
function located(origin: string, text: string, pointer: string, message: string): string {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const path = pointerSegments(pointer).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  let where = origin;
  // Walk up to the nearest node that exists (an unknown key points below what the file has).
  for (let n = path.length; n >= 0; n--) {
    const node: unknown = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    const range = (node as { range?: [number, number, number] } | null)?.range;
    if (range) {
      const { line, col } = lineCounter.linePos(range[0]);
      where = `${origin}:${line}:${col}`;
      break;
    }
  }
  return `${where}: ${pointer || '/'}: ${message}`;
}

function lineCol(text: string, position: number): string {
  const before = text.slice(0, position).split('\n');
  return `${before.length}:${before.at(-1)!.length + 1}`;
}

export interface LoadedWorld {
  readonly world: World;
  readonly topology: Topology;
  /** The loader's warnings, then apply()'s. */
  readonly warnings: Warning[];
  /** apply()'s problems; when there are any, world is the empty world. */
  readonly problems: Problem[];
}

/** Loads a file and applies it in one apply(); problems are returned, not thrown, for `check` to print. */
export function loadWorld(path: string): Result<LoadedWorld> {
  const loaded = loadTopologyFile(path);
  return loaded.ok ? { ok: true, value: worldOfTopology(loaded.value) } : loaded;
}

/** A parsed topology applied in one apply(), at the fixed load time. */
export function worldOfTopology(topology: Topology): LoadedWorld {
  const result = apply(EMPTY_WORLD, topology.changes, { now: LOAD_TIME, keepGivenEtags: true });
  const warnings = [...topology.warnings, ...result.warnings];
  if (!result.ok) return { world: EMPTY_WORLD, topology, warnings, problems: result.problems };
  warnings.push(...unknownGuests(result.world, topology));
  return { world: result.world, topology, warnings, problems: [] };
}

function unknownGuests(world: World, topology: Topology): Warning[] {
  const names = new Set(
    [...resourcesOfType(world, T.virtualMachine), ...resourcesOfType(world, T.networkInterface)].map((r) =>
      r.name.toLowerCase(),
    ),
  );
  return Object.keys(topology.guests)
    .filter((name) => !names.has(name.toLowerCase()))
    .map((name) => ({
      kind: 'advice',
      code: 'GuestTargetNotFound',
      message: `guests: '${name}' is neither a VM nor a NIC of this topology; its guest is not used.`,
      target: `/guests/${name}`,
    }));
}
