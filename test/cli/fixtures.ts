// Topology fixtures for the CLI tests, written to a fresh temp directory, a runner for bin/vnetlab.mjs, and an
// in-process runner of main() for the verbs whose tests would otherwise pay a process start per case.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/index.ts';
import type { Io } from '../../src/cli/io.ts';

const BIN = fileURLToPath(new URL('../../bin/vnetlab.mjs', import.meta.url));

/** An Io that keeps every line serve prints, and serve's flags for an in-memory server on a free port. */
export function captured(): { lines: string[]; io: Io } {
  const lines: string[] = [];
  return { lines, io: { out: (t) => void lines.push(t), err: (t) => void lines.push(t), color: false } };
}
export const IN_MEMORY = { port: '0', host: '127.0.0.1', data: '', inMemory: true, retryAfter: '1' };

export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function vnetlab(...args: string[]): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs `work` in a fresh temp directory named with `prefix`, removed afterwards even when `work` fails. */
export async function withTempDir(prefix: string, work: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  try {
    await work(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** main(args) in this process, with stdout and stderr captured and no colour. */
export async function vnetlabInProcess(...args: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, {
    out: (text) => void out.push(`${text}\n`),
    err: (text) => void err.push(`${text}\n`),
    color: false,
  });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

// vnet1 10.0.0.0/16: subnet app (NSG nsg-app, route table rt-app) holds nic-a of vm-a; subnet web (NSG nsg-web)
// holds nic-web. Two expectations pass; a third, when `failing`, does not.
export const LAB_YAML = (failing: boolean): string => `# CLI test lab
name: cli-lab
subscription: 00000000-0000-0000-0000-000000000000
resourceGroup: rg
location: eastus
resources:
  - type: Microsoft.Network/virtualNetworks
    name: vnet1
    properties:
      addressSpace: { addressPrefixes: [10.0.0.0/16] }
      subnets:
        - name: web
          properties: { addressPrefix: 10.0.1.0/24, networkSecurityGroup: { id: networkSecurityGroups/nsg-web } }
  - type: Microsoft.Network/virtualNetworks/subnets
    name: vnet1/app
    properties:
      addressPrefix: 10.0.2.0/24
      networkSecurityGroup: { id: networkSecurityGroups/nsg-app }
      routeTable: { id: routeTables/rt-app }
  - type: Microsoft.Network/networkSecurityGroups
    name: nsg-web
    properties:
      securityRules:
        - name: allow-https
          properties: { priority: 100, direction: Inbound, access: Allow, protocol: Tcp, sourceAddressPrefix: VirtualNetwork,
                        sourcePortRange: '*', destinationAddressPrefix: '*', destinationPortRange: '443' }
        - name: deny-ssh
          properties: { priority: 200, direction: Inbound, access: Deny, protocol: Tcp, sourceAddressPrefix: '*',
                        sourcePortRange: '*', destinationAddressPrefix: '*', destinationPortRange: '22' }
  - type: Microsoft.Network/networkSecurityGroups
    name: nsg-app
    properties: { securityRules: [] }
  - type: Microsoft.Network/routeTables
    name: rt-app
    properties:
      routes:
        - name: blackhole
          properties: { addressPrefix: 10.9.0.0/16, nextHopType: None }
  - type: Microsoft.Network/networkInterfaces
    name: nic-a
    properties:
      ipConfigurations:
        - name: ipconfig1
          properties: { primary: true, privateIPAllocationMethod: Static, privateIPAddress: 10.0.2.4,
                        subnet: { id: virtualNetworks/vnet1/subnets/app } }
  - type: Microsoft.Network/networkInterfaces
    name: nic-web
    properties:
      ipConfigurations:
        - name: ipconfig1
          properties: { primary: true, privateIPAllocationMethod: Static, privateIPAddress: 10.0.1.4,
                        subnet: { id: virtualNetworks/vnet1/subnets/web } }
  - type: Microsoft.Compute/virtualMachines
    name: vm-a
    properties:
      networkProfile: { networkInterfaces: [{ id: networkInterfaces/nic-a, properties: { primary: true } }] }
expect:
  - name: app reaches web over HTTPS
    from: vm-a
    to: nic-web
    port: 443
    access: Allow
    rule: securityRules/allow-https
    nextHopType: VnetLocal
  - name: blackholed range
    from: nic-a
    to: 10.9.0.1
    access: Deny
    nextHopType: None
${
  failing
    ? `  - name: ssh to web (wrongly expected to pass)
    from: nic-a
    to: nic-web
    port: 22
    access: Allow
`
    : ''
}`;

// vnet1 10.0.0.0/16, one subnet: vm1 (nic1, 10.0.1.4) and vm2 (nic2, 10.0.1.5, a host on TCP 80 and UDP 53;
// its NIC's NSG denies TCP 8080). A second VNet's vm9 shows that flow logs keep to the captured NIC's VNet.
export const TRAFFIC_YAML = `# CLI capture lab
location: westeurope
resources:
  - type: Microsoft.Network/virtualNetworks
    name: vnet1
    properties:
      addressSpace: { addressPrefixes: [10.0.0.0/16] }
      subnets: [{ name: s1, properties: { addressPrefix: 10.0.1.0/24 } }]
  - type: Microsoft.Network/virtualNetworks
    name: vnet9
    properties:
      addressSpace: { addressPrefixes: [10.9.0.0/16] }
      subnets: [{ name: s9, properties: { addressPrefix: 10.9.1.0/24 } }]
  - type: Microsoft.Network/networkSecurityGroups
    name: nsg-vm2
    properties:
      securityRules:
        - name: deny-8080
          properties: { priority: 100, direction: Inbound, access: Deny, protocol: Tcp, sourceAddressPrefix: '*',
                        sourcePortRange: '*', destinationAddressPrefix: '*', destinationPortRange: '8080' }
${[1, 2, 9]
  .map(
    (n) => `  - type: Microsoft.Network/networkInterfaces
    name: nic${n}
    properties:
${n === 2 ? '      networkSecurityGroup: { id: networkSecurityGroups/nsg-vm2 }\n' : ''}      ipConfigurations:
        - name: ipconfig1
          properties: { primary: true, privateIPAllocationMethod: Static, privateIPAddress: ${n === 9 ? '10.9.1.4' : `10.0.1.${n + 3}`},
                        subnet: { id: virtualNetworks/${n === 9 ? 'vnet9/subnets/s9' : 'vnet1/subnets/s1'} } }
  - type: Microsoft.Compute/virtualMachines
    name: vm${n}
    properties:
      networkProfile: { networkInterfaces: [{ id: networkInterfaces/nic${n}, properties: { primary: true } }] }`,
  )
  .join('\n')}
guests:
  vm2: { kind: host, listen: [{ protocol: tcp, port: 80 }, { protocol: udp, port: 53 }] }
traffic:
  web:
    - { from: vm1, http: vm2, count: 2 }
    - { from: vm1, http: 10.0.1.5, port: 8080 }
  probes:
    - { from: vm1, ping: vm2, count: 2 }
    - { from: vm1, udp: vm2, port: 53 }
  elsewhere:
    - { from: vm9, ping: vm9 }
`;

/** A lab whose subnet references a route table that does not exist. */
export const BROKEN_YAML = `location: eastus
resources:
  - type: Microsoft.Network/virtualNetworks
    name: vnet1
    properties:
      addressSpace: { addressPrefixes: [10.0.0.0/16] }
  - type: Microsoft.Network/virtualNetworks/subnets
    name: vnet9/app
    properties: { addressPrefix: 10.0.2.0/24 }
`;

export function writeFixtures(): Record<
  'lab' | 'failing' | 'broken' | 'badYaml' | 'badSchema' | 'armJson' | 'traffic',
  string
> {
  const dir = mkdtempSync(join(tmpdir(), 'vnetlab-cli-'));
  const file = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  return {
    lab: file('lab.yaml', LAB_YAML(false)),
    failing: file('failing.yaml', LAB_YAML(true)),
    broken: file('broken.yaml', BROKEN_YAML),
    traffic: file('traffic.yaml', TRAFFIC_YAML),
    badYaml: file('bad.yaml', 'resources:\n  - { type: x\n'),
    badSchema: file('schema.yaml', 'resources:\n  - type: Microsoft.Network/virtualNetworks\n    nme: v\n'),
    armJson: file(
      'export.json',
      JSON.stringify({
        value: [
          {
            id: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/routeTables/rt1',
            name: 'rt1',
            type: 'Microsoft.Network/routeTables',
            location: 'eastus',
            properties: { routes: [] },
          },
        ],
      }),
    ),
  };
}
