// Public IP DNS settings: a label scope (Azure's hashed labels) is accepted and named as not modelled.
import { T } from '../resource-types.ts';
import type { Context } from './context.ts';
import type { PublicIPAddress } from '../types.ts';

export function validatePublicIps(ctx: Context): void {
  for (const key of ctx.touched) {
    const pip = ctx.world.resources.get(key) as PublicIPAddress | undefined;
    if (pip?.type !== T.publicIPAddress) continue;
    const scope = pip.properties.dnsSettings?.domainNameLabelScope;
    if (typeof scope === 'string' && scope !== '')
      ctx.warnings.push({
        kind: 'approximated',
        code: 'DomainNameLabelScopeNotHashed',
        message: `Public IP ${pip.id}: with domainNameLabelScope '${scope}' Azure adds a hash to the label in its fqdn; vnetlab's fqdn is label.region.cloudapp.azure.com without it.`,
        target: pip.id,
      });
  }
}
