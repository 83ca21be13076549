// Effective security of a NIC: the AVNM admin rules, subnet NSG and NIC NSG rule sets with service tags and ASGs
// resolved, and the verdict on a flow with the deciding rule. Pure, memoised per World, compiled lazily per NIC.
// Read ../../../shared/azure-semantics.md §2 and Appendix A before changing this file.
import { getResource, keyOf, linksOf, T } from '../model/index.ts';
import type {
  NetworkInterface,
  NetworkSecurityGroup,
  VirtualNetwork,
  Warning,
  World,
} from '../model/index.ts';
import { adminRulesOfVnet } from './security-avnm.ts';
import { evaluate } from './security-eval.ts';
import { compileAdminRules, compileNsg } from './security-rules.ts';
import { tagsOfSubnet } from './security-tags.ts';
import { DEFAULT_SECURITY_OPTIONS } from './security-types.ts';
import type {
  Flow,
  NicSecurity,
  RuleSet,
  SecurityOptions,
  SecurityVerdict,
  TagPrefixes,
} from './security-types.ts';

export type {
  CompiledRule,
  Direction,
  EvaluatedStage,
  Flow,
  FlowProtocol,
  NicSecurity,
  PlatformTag,
  RuleSet,
  SecurityOptions,
  SecurityVerdict,
  TagPrefixes,
} from './security-types.ts';
export { DEFAULT_SECURITY_OPTIONS } from './security-types.ts';
export { ruleMatches, protocolMatches, portMatches, evaluateV4 } from './security-eval.ts';
export type { FlowV4, Verdict } from './security-eval.ts';
export { DEFAULT_SECURITY_RULES } from './security-rules.ts';
export { adminRulePath, configurationsInForce } from './security-avnm.ts';
export { WIRE_SERVER, IMDS } from './security-tags.ts';

interface Compiled<V> {
  readonly value: V;
  readonly warnings: readonly Warning[];
}

interface Cache {
  readonly tags: Map<string, Compiled<TagPrefixes>>;
  readonly ruleSets: Map<string, Compiled<RuleSet | undefined>>;
  readonly nics: Map<string, NicSecurity>;
}

const caches = new WeakMap<World, Map<string, Cache>>();

function cacheOf(world: World, options: Required<SecurityOptions>): Cache {
  let byOptions = caches.get(world);
  if (!byOptions) {
    byOptions = new Map();
    caches.set(world, byOptions);
  }
  const key = `${options.udrPrefixesInVirtualNetworkTag}|${options.platformInbound}`;
  let cache = byOptions.get(key);
  if (!cache) {
    cache = { tags: new Map(), ruleSets: new Map(), nics: new Map() };
    byOptions.set(key, cache);
  }
  return cache;
}

function memo<V>(map: Map<string, Compiled<V>>, key: string, build: (warnings: Warning[]) => V): Compiled<V> {
  let hit = map.get(key);
  if (!hit) {
    const warnings: Warning[] = [];
    hit = { value: build(warnings), warnings };
    map.set(key, hit);
  }
  return hit;
}

const resolved = (options: SecurityOptions | undefined): Required<SecurityOptions> =>
  options === undefined ? DEFAULT_SECURITY_OPTIONS : { ...DEFAULT_SECURITY_OPTIONS, ...options };

/** Options with their defaults filled in (what evaluateV4 takes). */
export const resolveSecurityOptions = resolved;

/** The compiled security of a NIC. Throws when the NIC does not exist or has no subnet (resolve it first). */
export function securityOfNic(world: World, nicId: string, options?: SecurityOptions): NicSecurity {
  const opts = resolved(options);
  const cache = cacheOf(world, opts);
  const hit = cache.nics.get(keyOf(nicId));
  if (hit) return hit;
  const sec = compileNic(world, nicId, opts, cache);
  cache.nics.set(keyOf(nicId), sec);
  return sec;
}

/** The verdict of the AVNM admin rules and NSGs on a flow at a NIC, with the deciding rule. */
export function evaluateFlow(
  world: World,
  nicId: string,
  flow: Flow,
  options?: SecurityOptions,
): SecurityVerdict {
  return evaluate(securityOfNic(world, nicId, options), flow, resolved(options));
}

function compileNic(world: World, nicId: string, opts: Required<SecurityOptions>, cache: Cache): NicSecurity {
  const nic = getResource(world, nicId) as NetworkInterface | undefined;
  if (nic?.type !== T.networkInterface) throw new Error(`securityOfNic: no network interface '${nicId}'`);
  const configs = nic.properties.ipConfigurations ?? [];
  const primary = configs.find((c) => c.properties.primary === true) ?? configs[0];
  const subnetId = primary?.properties.subnet?.id;
  const links = linksOf(world);
  const place = subnetId ? links.subnets.get(keyOf(subnetId)) : undefined;
  if (!subnetId || !place)
    throw new Error(`securityOfNic: network interface '${nic.id}' is in no known subnet`);
  const { subnet, vnet } = place;
  const warnings: Warning[] = [];
  if (configs.some((c) => c.properties.subnet?.id && keyOf(c.properties.subnet.id) !== keyOf(subnetId))) {
    // Fidelity: with IP configurations in several subnets, the primary configuration's subnet NSG is used for all.
    warnings.push({
      kind: 'approximated',
      code: 'NicSpansSubnets',
      message: `NIC '${nic.name}' has IP configurations in several subnets; vnetlab applies the NSG of the primary configuration's subnet to all of them.`,
      target: nic.id,
    });
  }

  // §5.1: NSGs apply to a private endpoint only when the subnet's policies enable them.
  let privateEndpointNsg: NicSecurity['privateEndpointNsg'];
  if (nic.properties.privateEndpoint?.id) {
    const policy = subnet.properties.privateEndpointNetworkPolicies ?? 'Disabled';
    privateEndpointNsg =
      policy === 'Enabled' || policy === 'NetworkSecurityGroupEnabled' ? 'applies' : 'bypassed';
  }
  const pe = privateEndpointNsg !== undefined;

  const tags = memo(cache.tags, keyOf(subnet.id), (w) => {
    const t = tagsOfSubnet(world, subnet, vnet, opts);
    w.push(...t.warnings);
    return t.tags;
  });
  warnings.push(...tags.warnings);
  const ruleSet = (
    kind: string,
    ownerKey: string,
    build: (w: Warning[]) => RuleSet | undefined,
  ): RuleSet | undefined => {
    const compiled = memo(cache.ruleSets, `${kind}|${ownerKey}|${keyOf(subnet.id)}|${pe}`, build);
    warnings.push(...compiled.warnings);
    return compiled.value;
  };
  const nsgSet = (ref: { id: string } | null | undefined, where: string): RuleSet | undefined => {
    if (!ref?.id) return undefined;
    return ruleSet('nsg', keyOf(ref.id), (w) => {
      const nsg = getResource(world, ref.id) as NetworkSecurityGroup | undefined;
      if (nsg?.type !== T.networkSecurityGroup) {
        w.push({
          kind: 'approximated',
          code: 'NetworkSecurityGroupNotFound',
          message: `The NSG ${ref.id} referenced by ${where} does not exist; that level allows everything.`,
          target: ref.id,
        });
        return undefined;
      }
      return compileNsg({ world, tags: tags.value, privateEndpoint: pe, warnings: w }, nsg);
    });
  };
  const admin = ruleSet('admin', keyOf(vnet.id), (w) =>
    compileAdminRules(
      { world, tags: tags.value, privateEndpoint: pe, warnings: w },
      adminRulesOfVnet(world, vnet as VirtualNetwork),
    ),
  );
  return {
    nicId: nic.id,
    subnetId: subnet.id,
    vnetId: vnet.id,
    admin,
    subnetNsg: nsgSet(subnet.properties.networkSecurityGroup, `subnet ${subnet.id}`),
    nicNsg: nsgSet(nic.properties.networkSecurityGroup, `network interface ${nic.id}`),
    tags: tags.value,
    privateEndpointNsg,
    warnings: dedupeWarnings(warnings),
  };
}

function dedupeWarnings(warnings: readonly Warning[]): Warning[] {
  const seen = new Set<string>();
  return warnings.filter((w) => {
    const k = `${w.code}|${w.target}|${w.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
