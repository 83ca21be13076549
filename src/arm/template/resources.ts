// Expands the template's resources into instances: copy loops (resources/copy-resources), nested child
// resources (relative type and name joined to the parent's; child-resource-name-type), conditions, names,
// types and IDs. Nothing here may call reference(): ARM requires names, conditions, counts and dependsOn to
// be known before deployment starts. Resource bodies are evaluated later (planner.ts).
import { unsupported, type ArmError } from './errors.ts';
import type { Site } from './functions/types.ts';
import { buildResourceId, resourceGroupId, segmentLengthMessage, splitType } from './resource-ids.ts';
import { locatedError, type TemplateContext } from './template-context.ts';
import {
  childPath,
  evaluateCount,
  evaluateString,
  evaluateValue,
  withLoop,
  type LocatedFailure,
} from './template-value.ts';
import { isInteger, isObject, typeName, type JsonObject } from './values.ts';

export interface Instance {
  /** Position in template order (the tie-breaker of the deploy order). */
  readonly order: number;
  readonly path: string;
  readonly raw: JsonObject;
  readonly site: Site;
  readonly type: string;
  readonly name: string;
  readonly id: string;
  readonly apiVersion: string;
  readonly deployed: boolean; // condition true (and the parent's), not `existing`, not skipped
  readonly parent: Instance | undefined; // the enclosing resource when nested
  readonly symbolicName: string | undefined;
  readonly copy:
    { readonly name: string; readonly index: number; readonly serialBatch: number | undefined } | undefined;
  readonly dependsOn: readonly string[];
}

type Expanded = { ok: true; value: Instance[] } | { ok: false; error: ArmError };

const DEPLOYMENTS = 'microsoft.resources/deployments';

export function expandResources(ctx: TemplateContext, warnings: ArmError[]): Expanded {
  const raw = ctx.template.resources ?? [];
  let entries: { raw: unknown; path: string; symbolicName?: string }[];
  if (Array.isArray(raw)) entries = raw.map((r, i) => ({ raw: r, path: `resources[${i}]` }));
  else if (isObject(raw)) {
    // languageVersion 2.0: resources keyed by symbolic name.
    entries = Object.entries(raw).map(([k, r]) => ({ raw: r, path: `resources.${k}`, symbolicName: k }));
  } else {
    return {
      ok: false,
      error: locatedError('resources', 'resources', {
        message: `The 'resources' section must be an array, not '${typeName(raw)}'.`,
        path: 'resources',
      }),
    };
  }
  const out: Instance[] = [];
  for (const e of entries) {
    const r = expandOne(ctx, e.raw, e.path, undefined, ctx.site({}), true, e.symbolicName, out, warnings);
    if (r) return { ok: false, error: r };
  }
  return { ok: true, value: out };
}

/** Label used in messages: the raw name as written (ARM names the resource by its template name). */
const label = (raw: JsonObject, path: string): string => (typeof raw.name === 'string' ? raw.name : path);

function str(
  v: unknown,
  site: Site,
  path: string,
  what: string,
): { ok: true; value: string } | { ok: false; failure: LocatedFailure } {
  if (typeof v !== 'string')
    return {
      ok: false,
      failure: { message: `The resource '${what}' must be a string, not '${typeName(v)}'.`, path },
    };
  const r = evaluateString(v, site, path);
  if (!r.ok) return r;
  if (typeof r.value !== 'string')
    return {
      ok: false,
      failure: {
        message: `The resource '${what}' must evaluate to a string, not '${typeName(r.value)}'.`,
        path,
        expression: v,
      },
    };
  return { ok: true, value: r.value };
}

function expandOne(
  ctx: TemplateContext,
  rawValue: unknown,
  path: string,
  parent: Instance | undefined,
  site: Site,
  parentDeployed: boolean,
  symbolicName: string | undefined,
  out: Instance[],
  warnings: ArmError[],
): ArmError | undefined {
  if (!isObject(rawValue))
    return locatedError('resource', path, { message: 'A resource must be an object.', path });
  const raw = rawValue;
  const who = label(raw, path);
  const bad = (f: LocatedFailure): ArmError => locatedError('resource', who, f);

  let copies: { site: Site; copy: Instance['copy'] }[] = [{ site, copy: undefined }];
  if (raw.copy !== undefined) {
    const c = raw.copy;
    if (!isObject(c) || typeof c.name !== 'string')
      return bad({
        message: "A resource 'copy' must be an object with 'name' and 'count'.",
        path: childPath(path, 'copy'),
      });
    const count = evaluateCount(c.count, site, childPath(path, 'copy.count'));
    if (!count.ok) return bad(count.failure);
    const serial = typeof c.mode === 'string' && c.mode.toLowerCase() === 'serial';
    let batch = 1;
    if (c.batchSize !== undefined) {
      const b =
        typeof c.batchSize === 'string'
          ? evaluateString(c.batchSize, site, childPath(path, 'copy.batchSize'))
          : { ok: true as const, value: c.batchSize };
      if (!b.ok) return bad(b.failure);
      if (!isInteger(b.value) || b.value < 1)
        return bad({
          message: `The copy batchSize must be a positive integer.`,
          path: childPath(path, 'copy.batchSize'),
        });
      batch = b.value;
    }
    const name = c.name;
    copies = Array.from({ length: count.value }, (_, i) => ({
      site: withLoop(site, name, i),
      copy: { name, index: i, serialBatch: serial ? Math.floor(i / batch) : undefined },
    }));
  }

  for (const { site: s, copy } of copies) {
    const type = str(raw.type, s, childPath(path, 'type'), 'type');
    if (!type.ok) return bad(type.failure);
    const name = str(raw.name, s, childPath(path, 'name'), 'name');
    if (!name.ok) return bad(name.failure);
    let apiVersion = '';
    if (raw.apiVersion !== undefined) {
      const a = str(raw.apiVersion, s, childPath(path, 'apiVersion'), 'apiVersion');
      if (!a.ok) return bad(a.failure);
      apiVersion = a.value;
    }
    let condition = true;
    if (raw.condition !== undefined) {
      const c =
        typeof raw.condition === 'string'
          ? evaluateString(raw.condition, s, childPath(path, 'condition'))
          : { ok: true as const, value: raw.condition };
      if (!c.ok) return bad(c.failure);
      if (typeof c.value !== 'boolean') {
        return bad({
          message: `The template resource condition must evaluate to a Boolean, not '${typeName(c.value)}'.`,
          path: childPath(path, 'condition'),
          expression: String(raw.condition),
        });
      }
      condition = c.value;
    }

    // Nested child: a relative type and name are joined to the parent's.
    let fullType = type.value;
    let fullName = name.value;
    if (parent) {
      const relative = !fullType.toLowerCase().startsWith(`${parent.type.toLowerCase()}/`);
      if (relative) fullType = `${parent.type}/${fullType}`;
      if (relative || fullName.split('/').length < fullType.split('/').length - 1)
        fullName = `${parent.name}/${fullName}`;
    }
    const split = splitType(fullType);
    if (!split)
      return bad({ message: `The resource type '${fullType}' is not valid.`, path: childPath(path, 'type') });
    if (split.types.length !== fullName.split('/').length) {
      return locatedError('resource', who, { message: segmentLengthMessage(fullName, fullType), path });
    }

    let id: string | undefined;
    if (raw.scope !== undefined) {
      const sc = str(raw.scope, s, childPath(path, 'scope'), 'scope');
      if (!sc.ok) return bad(sc.failure);
      // Bicep writes an extension resource's scope relative ("Microsoft.Network/virtualNetworks/vnet1") when
      // the scope is in the same resource group.
      const base = sc.value.startsWith('/')
        ? sc.value.replace(/\/+$/, '')
        : `${ctx.scope.resourceGroup.id}/providers/${sc.value}`;
      id = buildResourceId(base, fullType, fullName.split('/'));
    } else {
      id = buildResourceId(
        resourceGroupId(ctx.scope.subscriptionId, ctx.scope.resourceGroup.name),
        fullType,
        fullName.split('/'),
      );
    }
    if (id === undefined)
      return locatedError('resource', who, { message: segmentLengthMessage(fullName, fullType), path });

    const isDeployment = fullType.toLowerCase() === DEPLOYMENTS;
    const existing = raw.existing === true;
    if (isDeployment && condition && parentDeployed) {
      warnings.push(
        unsupported(
          `The nested deployment '${fullName}' at path '${path}' is not deployed: vnetlab does not support nested or linked templates (Microsoft.Resources/deployments).`,
          path,
        ),
      );
    }
    if ((raw.subscriptionId !== undefined || raw.resourceGroup !== undefined) && !isDeployment) {
      warnings.push(
        unsupported(
          `The resource '${fullName}' at path '${path}' sets subscriptionId/resourceGroup; vnetlab deploys it in the deployment's resource group.`,
          path,
        ),
      );
    }

    const dependsOn: string[] = [];
    if (raw.dependsOn !== undefined) {
      if (!Array.isArray(raw.dependsOn))
        return bad({
          message: "The resource 'dependsOn' must be an array.",
          path: childPath(path, 'dependsOn'),
        });
      const d = evaluateValue(raw.dependsOn, s, childPath(path, 'dependsOn'));
      if (!d.ok) return bad(d.failure);
      for (const [i, v] of (d.value as unknown[]).entries()) {
        if (typeof v !== 'string')
          return bad({
            message: `A dependsOn entry must be a string, not '${typeName(v)}'.`,
            path: childPath(childPath(path, 'dependsOn'), i),
          });
        dependsOn.push(v);
      }
    }

    const instance: Instance = {
      order: out.length,
      path,
      raw,
      site: s,
      type: fullType,
      name: fullName,
      id,
      apiVersion,
      deployed: condition && parentDeployed && !existing && !isDeployment,
      parent,
      symbolicName,
      copy,
      dependsOn,
    };
    out.push(instance);
    ctx.registerResourceName(fullName, id);
    if (symbolicName !== undefined) ctx.registerResourceName(symbolicName, id);

    if (raw.resources !== undefined) {
      if (!Array.isArray(raw.resources))
        return bad({
          message: "The nested 'resources' must be an array.",
          path: childPath(path, 'resources'),
        });
      for (let i = 0; i < raw.resources.length; i++) {
        const err = expandOne(
          ctx,
          raw.resources[i],
          `${path}.resources[${i}]`,
          instance,
          s,
          instance.deployed,
          undefined,
          out,
          warnings,
        );
        if (err) return err;
      }
    }
  }
  return undefined;
}
