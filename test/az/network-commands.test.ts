// Debian's Azure CLI's own `az network` commands against `vnetlab serve --tls`, with the cloud registered under
// the `2020-09-01-hybrid` profile: the profile whose commands Debian's package can run (docs/az-cli.md). VNets,
// subnets, NSGs and rules, public IPs, NICs and peerings are created with az's commands, a VM over az rest
// (there is no compute client here), then the watcher's next hop and IP flow verify are asked about it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../../src/arm/index.ts';
import { azSession, hasAz, NO_AZ } from '../helpers/az.ts';

test(
  'az network create commands and the watcher work under the 2020-09-01-hybrid profile',
  { skip: hasAz ? false : NO_AZ },
  async () => {
    const server = await startServer({ tls: true });
    const az = await azSession(server.url, server.certFile!, { profile: '2020-09-01-hybrid' });
    const network = (args: string[]) => az.json(['network', ...args, '-g', 'rg-net']);
    try {
      await az.json(['group', 'create', '-n', 'rg-net', '-l', 'westeurope']);
      const hub = (await network([
        'vnet',
        'create',
        '-n',
        'hub',
        '--address-prefixes',
        '10.0.0.0/16',
        '--subnet-name',
        'app',
        '--subnet-prefixes',
        '10.0.1.0/24',
      ])) as { newVNet: { subnets: { name: string; addressPrefix: string }[] } };
      assert.deepEqual(
        hub.newVNet.subnets.map((s) => [s.name, s.addressPrefix]),
        [['app', '10.0.1.0/24']],
      );
      await network(['vnet', 'create', '-n', 'spoke', '--address-prefixes', '10.1.0.0/16']);
      const subnet = (await network([
        'vnet',
        'subnet',
        'create',
        '--vnet-name',
        'spoke',
        '-n',
        'web',
        '--address-prefixes',
        '10.1.1.0/24',
      ])) as { addressPrefix: string; provisioningState: string };
      assert.equal(subnet.addressPrefix, '10.1.1.0/24');

      await network(['nsg', 'create', '-n', 'web-nsg']);
      const rule = (await network([
        'nsg',
        'rule',
        'create',
        '--nsg-name',
        'web-nsg',
        '-n',
        'deny-ssh',
        '--priority',
        '100',
        '--access',
        'Deny',
        '--protocol',
        'Tcp',
        '--direction',
        'Inbound',
        '--destination-port-ranges',
        '22',
      ])) as { access: string; destinationPortRange: string };
      assert.equal(rule.access, 'Deny');
      assert.equal(rule.destinationPortRange, '22');

      const pip = (await network([
        'public-ip',
        'create',
        '-n',
        'web-pip',
        '--sku',
        'Standard',
        '--dns-name',
        'weblab',
      ])) as {
        publicIp: { dnsSettings: { fqdn: string }; ipAddress: string };
      };
      assert.equal(pip.publicIp.dnsSettings.fqdn, 'weblab.westeurope.cloudapp.azure.com');
      assert.match(pip.publicIp.ipAddress, /^\d+\.\d+\.\d+\.\d+$/);

      const nic = (await network([
        'nic',
        'create',
        '-n',
        'web-nic',
        '--vnet-name',
        'spoke',
        '--subnet',
        'web',
        '--network-security-group',
        'web-nsg',
        '--public-ip-address',
        'web-pip',
      ])) as { NewNIC: { id: string; ipConfigurations: { privateIpAddress: string }[] } };
      const nicIp = nic.NewNIC.ipConfigurations[0]!.privateIpAddress;
      assert.equal(nicIp, '10.1.1.4');

      for (const [from, to] of [
        ['hub', 'spoke'],
        ['spoke', 'hub'],
      ] as const)
        await network([
          'vnet',
          'peering',
          'create',
          '-n',
          `${from}-to-${to}`,
          '--vnet-name',
          from,
          '--remote-vnet',
          to,
          '--allow-vnet-access',
        ]);
      const peerings = (await network(['vnet', 'peering', 'list', '--vnet-name', 'hub'])) as {
        name: string;
        peeringState: string;
      }[];
      assert.deepEqual(
        peerings.map((p) => [p.name, p.peeringState]),
        [['hub-to-spoke', 'Connected']],
      );

      const vmUrl = `/subscriptions/${az.subscriptionId}/resourceGroups/rg-net/providers/Microsoft.Compute/virtualMachines/web?api-version=2024-03-01`;
      await az.json([
        'rest',
        '--method',
        'put',
        '--url',
        vmUrl,
        '--body',
        JSON.stringify({
          location: 'westeurope',
          properties: { networkProfile: { networkInterfaces: [{ id: nic.NewNIC.id }] } },
        }),
      ]);

      const watcher = (args: string[]) => network(['watcher', ...args, '--vm', 'web']);
      const hop = (await watcher(['show-next-hop', '--source-ip', nicIp, '--dest-ip', '10.0.1.4'])) as {
        nextHopType: string;
        routeTableId: string;
      };
      assert.deepEqual(hop, {
        nextHopIpAddress: null,
        nextHopType: 'VNetPeering',
        routeTableId: 'System Route',
      });
      const flow = (local: string) =>
        watcher([
          'test-ip-flow',
          '--direction',
          'Inbound',
          '--protocol',
          'TCP',
          '--local',
          local,
          '--remote',
          '10.0.1.4:50000',
        ]);
      assert.deepEqual(await flow(`${nicIp}:22`), { access: 'Deny', ruleName: 'securityRules/deny-ssh' });
      assert.deepEqual(await flow(`${nicIp}:80`), {
        access: 'Allow',
        ruleName: 'defaultSecurityRules/AllowVnetInBound',
      });
    } finally {
      await az.dispose();
      await server.close();
    }
  },
);
