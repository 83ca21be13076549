// Resource and deployment functions (learn.microsoft.com/azure/azure-resource-manager/templates/
// template-functions-resource, .../template-functions-deployment, .../template-functions-scope).
import { buildResourceId, resourceGroupId, splitType, typeAndNameOf } from '../resource-ids.ts';
import { isInteger, isObject, type JsonObject } from '../values.ts';
import { formatDate } from './format.ts';
import {
  argTypeError,
  failure,
  fn,
  unable,
  value,
  type FnResult,
  type Site,
  type TemplateFunction,
} from './types.ts';

const INF = Number.POSITIVE_INFINITY;

const notExpected = (name: string, extra = ''): FnResult =>
  failure(`The template function '${name}' is not expected at this location.${extra}`);

/** Splits (scope args..., type, names...) where the type is the first argument containing '/'. */
function idParts(
  name: string,
  args: readonly unknown[],
  maxScopeArgs: number,
): { scope: string[]; type: string; names: string[] } | FnResult {
  for (let i = 0; i < args.length; i++)
    if (typeof args[i] !== 'string') return argTypeError(name, i, 'String', args[i]);
  const strs = args as string[];
  const t = strs.findIndex((a) => a.includes('/'));
  if (t < 0 || t > maxScopeArgs) {
    return unable(
      name,
      `function requires exactly one multi-segmented argument which must be resource type including resource provider namespace. Current function arguments '${strs.join(',')}'.`,
    );
  }
  const type = strs[t]!;
  const names = strs.slice(t + 1).flatMap((n) => n.split('/'));
  const split = splitType(type);
  if (!split) return unable(name, `the resource type '${type}' is not valid.`);
  if (split.types.length !== names.length) {
    return unable(name, `the type '${type}' requires '${split.types.length}' resource name argument(s).`);
  }
  return { scope: strs.slice(0, t), type, names };
}

const isFail = (v: unknown): v is FnResult =>
  typeof v === 'object' && v !== null && 'ok' in v && 'message' in v;

function build(name: string, prefix: string, type: string, names: string[]): FnResult {
  const id = buildResourceId(prefix, type, names);
  return id === undefined
    ? unable(name, `the resource name segments '${names.join('/')}' are not valid for type '${type}'.`)
    : value(id);
}

/** environment() for AzureCloud (shape from the template-functions-deployment docs example). */
export const AZURE_CLOUD: JsonObject = {
  name: 'AzureCloud',
  gallery: 'https://gallery.azure.com/',
  graph: 'https://graph.windows.net/',
  portal: 'https://portal.azure.com',
  graphAudience: 'https://graph.windows.net/',
  activeDirectoryDataLake: 'https://datalake.azure.net/',
  batch: 'https://batch.core.windows.net/',
  media: 'https://rest.media.azure.net',
  sqlManagement: 'https://management.core.windows.net:8443/',
  vmImageAliasDoc:
    'https://raw.githubusercontent.com/Azure/azure-rest-api-specs/master/arm-compute/quickstart-templates/aliases.json',
  resourceManager: 'https://management.azure.com/',
  authentication: {
    loginEndpoint: 'https://login.microsoftonline.com/',
    audiences: ['https://management.core.windows.net/', 'https://management.azure.com/'],
    tenant: 'common',
    identityProvider: 'AAD',
  },
  suffixes: {
    acrLoginServer: '.azurecr.io',
    azureDatalakeAnalyticsCatalogAndJob: 'azuredatalakeanalytics.net',
    azureDatalakeStoreFileSystem: 'azuredatalakestore.net',
    azureFrontDoorEndpointSuffix: 'azurefd.net',
    keyvaultDns: '.vault.azure.net',
    sqlServerHostname: '.database.windows.net',
    storage: 'core.windows.net',
  },
};

function reference(args: readonly unknown[], site: Site, name: string): FnResult {
  if (!site.reference) return notExpected(name);
  const target = args[0];
  if (typeof target !== 'string') return argTypeError(name, 0, 'String', target);
  const full = typeof args[2] === 'string' && args[2].toLowerCase() === 'full';
  const id = target.startsWith('/') ? target : site.resourceIdByName(target);
  if (id === undefined) return failure(`The resource '${target}' is not defined in the template.`);
  const body = site.reference(id);
  if (body === undefined) {
    const tn = typeAndNameOf(id);
    return failure(
      `The Resource '${tn ? `${tn.type}/${tn.name}` : id}' under resource group '${site.scope.resourceGroup.name}' was not found.`,
    );
  }
  if (full) return value(body);
  return value(isObject(body.properties) ? body.properties : {});
}

export const RESOURCE_FUNCTIONS: Record<string, TemplateFunction> = {
  parameters: fn(1, 1, (args, site, name) =>
    typeof args[0] === 'string' ? site.parameter(args[0]) : argTypeError(name, 0, 'String', args[0]),
  ),
  variables: fn(1, 1, (args, site, name) =>
    typeof args[0] === 'string' ? site.variable(args[0]) : argTypeError(name, 0, 'String', args[0]),
  ),
  copyindex: fn(0, 2, (args, site, name) => {
    let loop: string | undefined;
    let offset = 0;
    for (const a of args) {
      if (typeof a === 'string' && loop === undefined) loop = a;
      else if (isInteger(a)) offset = a;
      else return argTypeError(name, args.indexOf(a), 'Integer', a);
    }
    const index = site.copyIndex(loop);
    if (index === undefined) {
      return loop === undefined
        ? notExpected(name)
        : failure(`The template copy index loop '${loop}' is not found.`);
    }
    return value(index + offset);
  }),
  resourceid: fn(2, INF, (args, site, name) => {
    const p = idParts(name, args, 2);
    if (isFail(p)) return p;
    const sub = p.scope.length === 2 ? p.scope[0]! : site.scope.subscriptionId;
    const rg = p.scope.length >= 1 ? p.scope[p.scope.length - 1]! : site.scope.resourceGroup.name;
    return build(name, resourceGroupId(sub, rg), p.type, p.names);
  }),
  subscriptionresourceid: fn(2, INF, (args, site, name) => {
    const p = idParts(name, args, 1);
    if (isFail(p)) return p;
    return build(name, `/subscriptions/${p.scope[0] ?? site.scope.subscriptionId}`, p.type, p.names);
  }),
  tenantresourceid: fn(2, INF, (args, _site, name) => {
    const p = idParts(name, args, 0);
    if (isFail(p)) return p;
    return build(name, '', p.type, p.names);
  }),
  extensionresourceid: fn(3, INF, (args, _site, name) => {
    const base = args[0];
    if (typeof base !== 'string') return argTypeError(name, 0, 'String', base);
    const p = idParts(name, args.slice(1), 0);
    if (isFail(p)) return p;
    return build(name, base.replace(/\/+$/, ''), p.type, p.names);
  }),
  resourcegroup: fn(0, 0, (_args, site) => {
    const rg = site.scope.resourceGroup;
    const out: JsonObject = {
      id: rg.id,
      name: rg.name,
      type: 'Microsoft.Resources/resourceGroups',
      location: rg.location,
      properties: { provisioningState: 'Succeeded' },
    };
    if (rg.tags) out.tags = { ...rg.tags };
    return value(out);
  }),
  subscription: fn(0, 0, (_args, site) =>
    value({
      id: `/subscriptions/${site.scope.subscriptionId}`,
      subscriptionId: site.scope.subscriptionId,
      tenantId: site.scope.tenantId,
      displayName: 'vnetlab',
    }),
  ),
  tenant: fn(0, 0, (_args, site) =>
    value({
      countryCode: 'US',
      displayName: 'vnetlab',
      id: `/tenants/${site.scope.tenantId}`,
      tenantId: site.scope.tenantId,
    }),
  ),
  deployment: fn(0, 0, (_args, site) => value(site.deployment())),
  environment: fn(0, 0, () => value(structuredClone(AZURE_CLOUD))),
  reference: fn(1, 3, reference),
  utcnow: fn(0, 1, (args, site, name) => {
    if (!site.allowNonDeterministic)
      return notExpected(name, ' The function can only be used with a parameter default value.');
    if (args[0] !== undefined && typeof args[0] !== 'string') return argTypeError(name, 0, 'String', args[0]);
    return value(formatDate(site.now(), args[0] as string | undefined));
  }),
  newguid: fn(0, 0, (_args, site, name) => {
    if (!site.allowNonDeterministic)
      return notExpected(name, ' The function can only be used with a parameter default value.');
    return value(site.newGuid());
  }),
};
