// Deployment order (learn.microsoft.com/azure/azure-resource-manager/templates/resource-dependency):
// dependsOn by resource ID, by "type/name", by name, by copy-loop name (every instance) or by symbolic name;
// a nested child waits for its parent; serial copy loops deploy batch after batch; reference('name') to a
// resource of the template is an implicit dependency. Entries that point at resources whose condition is
// false are dropped, as ARM does. Ties keep template order. A cycle is ARM's InvalidTemplate
// "Circular dependency detected on resource: '<id>'".
import { invalidTemplate, type ArmError } from './errors.ts';
import { parseTemplateString, type Expr } from './parser.ts';
import type { Instance } from './resources.ts';
import { evaluateExpr } from './evaluator.ts';
import { isObject, NOT_IN_BODY } from './values.ts';

const BODY_SKIP = new Set(['name', 'type', ...NOT_IN_BODY]);

interface Index {
  byId: Map<string, Instance[]>;
  byName: Map<string, Instance[]>;
  byTypeName: Map<string, Instance[]>;
  byLoop: Map<string, Instance[]>;
  bySymbol: Map<string, Instance[]>;
}

function push(m: Map<string, Instance[]>, k: string, i: Instance): void {
  const key = k.toLowerCase();
  const list = m.get(key);
  if (list) list.push(i);
  else m.set(key, [i]);
}

function index(all: readonly Instance[]): Index {
  const ix: Index = {
    byId: new Map(),
    byName: new Map(),
    byTypeName: new Map(),
    byLoop: new Map(),
    bySymbol: new Map(),
  };
  for (const i of all) {
    push(ix.byId, i.id, i);
    push(ix.byName, i.name, i);
    push(ix.byTypeName, `${i.type}/${i.name}`, i);
    if (i.copy) push(ix.byLoop, i.copy.name, i);
    if (i.symbolicName !== undefined) push(ix.bySymbol, i.symbolicName, i);
  }
  return ix;
}

function resolve(ix: Index, entry: string): Instance[] | undefined {
  const k = entry.toLowerCase();
  return ix.byId.get(k) ?? ix.bySymbol.get(k) ?? ix.byLoop.get(k) ?? ix.byTypeName.get(k) ?? ix.byName.get(k);
}

/** reference('name'-or-symbol) calls in a resource body whose first argument is known before deployment. */
function implicitReferences(inst: Instance, ix: Index): Instance[] {
  const found: Instance[] = [];
  const visitExpr = (e: Expr): void => {
    if (e.kind === 'call') {
      if (e.name.toLowerCase() === 'reference' && e.args[0]) {
        const arg = evaluateExpr(e.args[0], inst.site, new Map());
        if (arg.ok && typeof arg.value === 'string' && !arg.value.startsWith('/')) {
          const k = arg.value.toLowerCase();
          found.push(...(ix.bySymbol.get(k) ?? ix.byName.get(k) ?? []));
        }
      }
      e.args.forEach(visitExpr);
    } else if (e.kind === 'property') visitExpr(e.target);
    else if (e.kind === 'index') {
      visitExpr(e.target);
      visitExpr(e.index);
    }
  };
  const visit = (v: unknown, top: boolean): void => {
    if (typeof v === 'string') {
      const p = parseTemplateString(v);
      if (p.ok && p.value.kind === 'expression') visitExpr(p.value.expr);
    } else if (Array.isArray(v)) v.forEach((x) => visit(x, false));
    else if (isObject(v)) {
      for (const [k, x] of Object.entries(v)) if (!(top && BODY_SKIP.has(k.toLowerCase()))) visit(x, false);
    }
  };
  visit(inst.raw, true);
  return found;
}

export interface Ordered {
  readonly order: readonly Instance[];
  readonly waitsFor: ReadonlyMap<Instance, readonly Instance[]>;
}

export function orderInstances(
  all: readonly Instance[],
): { ok: true; value: Ordered } | { ok: false; error: ArmError } {
  const ix = index(all);
  const deployed = all.filter((i) => i.deployed);
  const edges = new Map<Instance, Set<Instance>>(deployed.map((i) => [i, new Set<Instance>()]));
  const add = (from: Instance, to: Instance): void => {
    if (to.deployed && to !== from) edges.get(from)!.add(to);
  };

  for (const inst of deployed) {
    for (const entry of inst.dependsOn) {
      const targets = resolve(ix, entry);
      if (!targets) {
        return {
          ok: false,
          error: invalidTemplate(
            `The resource '${entry}' is not defined in the template.`,
            `${inst.path}.dependsOn`,
          ),
        };
      }
      for (const t of targets) {
        if (t === inst) {
          return {
            ok: false,
            error: invalidTemplate(
              `Circular dependency detected on resource: '${inst.id}'. Please see https://aka.ms/arm-syntax-resources for usage details.`,
              inst.path,
            ),
          };
        }
        add(inst, t);
      }
    }
    if (inst.parent) add(inst, inst.parent);
    if (inst.copy?.serialBatch !== undefined && inst.copy.serialBatch > 0) {
      for (const sib of ix.byLoop.get(inst.copy.name.toLowerCase()) ?? []) {
        if (sib.raw === inst.raw && sib.copy?.serialBatch === inst.copy.serialBatch - 1) add(inst, sib);
      }
    }
    for (const t of implicitReferences(inst, ix)) add(inst, t);
  }

  // vnetlab ordering (not ARM's): a top-level child (vnet1/subnet1) also waits for its parent when the parent
  // is in the template, unless that would close a cycle, so that the runner never PUTs a child first.
  const reaches = (from: Instance, to: Instance): boolean => {
    const seen = new Set<Instance>();
    const stack = [from];
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (n === to) return true;
      if (seen.has(n)) continue;
      seen.add(n);
      stack.push(...edges.get(n)!);
    }
    return false;
  };
  for (const inst of deployed) {
    if (inst.parent) continue;
    const segments = inst.name.split('/');
    if (segments.length < 2) continue;
    const parentKey =
      `${inst.type.split('/').slice(0, -1).join('/')}/${segments.slice(0, -1).join('/')}`.toLowerCase();
    for (const p of ix.byTypeName.get(parentKey) ?? []) if (p.deployed && !reaches(p, inst)) add(inst, p);
  }

  // Kahn's algorithm, always taking the ready instance that comes first in the template.
  const remaining = new Map<Instance, number>(deployed.map((i) => [i, edges.get(i)!.size]));
  const dependents = new Map<Instance, Instance[]>(deployed.map((i) => [i, []]));
  for (const [from, tos] of edges) for (const to of tos) dependents.get(to)!.push(from);
  const ready = deployed.filter((i) => remaining.get(i) === 0);
  const order: Instance[] = [];
  while (ready.length > 0) {
    let best = 0;
    for (let k = 1; k < ready.length; k++) if (ready[k]!.order < ready[best]!.order) best = k;
    const next = ready.splice(best, 1)[0]!;
    order.push(next);
    for (const d of dependents.get(next)!) {
      const n = remaining.get(d)! - 1;
      remaining.set(d, n);
      if (n === 0) ready.push(d);
    }
  }
  if (order.length < deployed.length) {
    const stuck =
      deployed.find((i) => remaining.get(i)! > 0 && onCycle(i, edges)) ??
      deployed.find((i) => remaining.get(i)! > 0)!;
    return {
      ok: false,
      error: invalidTemplate(
        `Circular dependency detected on resource: '${stuck.id}'. Please see https://aka.ms/arm-syntax-resources for usage details.`,
        stuck.path,
      ),
    };
  }
  const waitsFor = new Map<Instance, Instance[]>();
  for (const [from, tos] of edges)
    waitsFor.set(
      from,
      [...tos].sort((a, b) => a.order - b.order),
    );
  return { ok: true, value: { order, waitsFor } };
}

function onCycle(start: Instance, edges: ReadonlyMap<Instance, ReadonlySet<Instance>>): boolean {
  const seen = new Set<Instance>();
  const stack = [...edges.get(start)!];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n === start) return true;
    if (seen.has(n)) continue;
    seen.add(n);
    stack.push(...edges.get(n)!);
  }
  return false;
}
