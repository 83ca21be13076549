// What Azure's host answers itself: ARP for every address, DHCP and DNS at 168.63.129.16.
// Read ../../../shared/azure-semantics.md §9.1–§9.3 before changing this file.
import { findResource, keyOf, linksOf } from '../model/index.ts';
import type { VirtualMachine, VirtualNetwork, World } from '../model/index.ts';
import { arp, arpFrame, dhcp, dns, mustParseIpv4, udpFrame } from '../wire/index.ts';
import type { Headers } from '../wire/index.ts';
import type { Fabric, Port } from './fabric.ts';
import { AZURE_GATEWAY_MAC } from './types.ts';
import type { Ipv4 } from './types.ts';

export const WIRE_SERVER: Ipv4 = mustParseIpv4('168.63.129.16');
export const IMDS: Ipv4 = mustParseIpv4('169.254.169.254');

/** The host's answer to an ARP request: the fixed MAC, whatever the address (§9.1). */
export function arpReply(frame: Uint8Array, h: Headers): Uint8Array | undefined {
  const p = arp.parse(frame.subarray(h.l3Offset));
  if (!p.ok || p.value.repr.operation !== arp.Operation.Request) return undefined;
  const req = p.value.repr;
  return arpFrame({
    srcMac: AZURE_GATEWAY_MAC,
    dstMac: req.senderMac,
    operation: arp.Operation.Reply,
    senderMac: AZURE_GATEWAY_MAC,
    senderIp: req.targetIp,
    targetMac: req.senderMac,
    targetIp: req.senderIp,
  });
}

/**
 * Fidelity: Azure's DHCP lease time and option list are undocumented (§9.3, UNVERIFIED). vnetlab offers an
 * infinite lease, the subnet mask, the .1 router, the DNS servers of the NIC or VNet (else 168.63.129.16), the
 * VNet's internal.cloudapp.net suffix and a static route to 168.63.129.16 via the gateway.
 */
export function dhcpReply(port: Port, fabric: Fabric, frame: Uint8Array, h: Headers): Uint8Array | undefined {
  const p = dhcp.parse(frame.subarray(h.payloadOffset, h.payloadOffset + h.payloadLength));
  if (!p.ok || p.value.repr.op !== 1) return undefined;
  const req = p.value.repr;
  const type =
    req.messageType === dhcp.MessageType.Discover
      ? dhcp.MessageType.Offer
      : req.messageType === dhcp.MessageType.Request || req.messageType === dhcp.MessageType.Inform
        ? dhcp.MessageType.Ack
        : undefined;
  if (type === undefined) return undefined;
  const place = linksOf(fabric.world).subnets.get(keyOf(port.subnetId));
  const prefix =
    place?.subnet.properties.addressPrefix ?? place?.subnet.properties.addressPrefixes?.[0] ?? '';
  const length = Number(prefix.split('/')[1] ?? 24);
  const address = port.addresses[0]!;
  const repr: dhcp.Repr = {
    op: 2,
    xid: req.xid,
    secs: 0,
    flags: req.flags,
    ciaddr: req.ciaddr,
    yiaddr: address,
    siaddr: WIRE_SERVER,
    giaddr: 0,
    chaddr: req.chaddr,
    messageType: type,
    options: {
      serverId: WIRE_SERVER,
      leaseTime: 0xffffffff,
      subnetMask: length === 0 ? 0 : (0xffffffff << (32 - length)) >>> 0,
      router: [port.gateway],
      dnsServers: port.dnsServers.length > 0 ? [...port.dnsServers] : [WIRE_SERVER],
      domainName: dnsSuffixOf(place?.vnet),
      classlessStaticRoutes: [{ prefix: '168.63.129.16/32', router: port.gateway }],
    },
  };
  const payload = new Uint8Array(dhcp.bufferLen(repr));
  dhcp.emit(repr, payload);
  return udpFrame({
    srcMac: AZURE_GATEWAY_MAC,
    dstMac: port.mac,
    src: WIRE_SERVER,
    dst: address,
    srcPort: dhcp.SERVER_PORT,
    dstPort: dhcp.CLIENT_PORT,
    payload,
  });
}

/** Fidelity: the suffix's first label is the VNet's resourceGuid (Azure uses a VNet-unique GUID, §9.3). */
export const dnsSuffixOf = (vnet: VirtualNetwork | undefined): string =>
  `${vnet?.properties.resourceGuid ?? 'vnet'}.internal.cloudapp.net`;

/**
 * Azure-provided DNS: VM names resolve inside their own VNet only, bare or with the VNet's suffix (§9.3).
 * Fidelity: names outside the VNet (the internet, Private DNS zones) are not resolved: NXDOMAIN.
 */
export function dnsReply(port: Port, fabric: Fabric, frame: Uint8Array, h: Headers): Uint8Array | undefined {
  if (h.protocol !== 17) return undefined; // Fidelity: DNS over TCP is not answered.
  const p = dns.parse(frame.subarray(h.payloadOffset, h.payloadOffset + h.payloadLength));
  if (!p.ok || p.value.repr.response) return undefined;
  const q = p.value.repr;
  const answers: dns.Record[] = [];
  for (const question of q.questions) {
    if (question.type !== dns.Type.A) continue;
    const address = resolveName(fabric.world, fabric, port, question.name);
    if (address !== undefined)
      answers.push({
        name: question.name,
        type: dns.Type.A,
        class: 1,
        ttl: 10,
        data: { kind: 'A', address },
      });
  }
  const repr: dns.Repr = {
    id: q.id,
    response: true,
    opcode: q.opcode,
    authoritative: false,
    truncated: false,
    recursionDesired: q.recursionDesired,
    recursionAvailable: true,
    rcode:
      answers.length > 0 || q.questions.every((x) => x.type !== dns.Type.A)
        ? dns.Rcode.NoError
        : dns.Rcode.NXDomain,
    questions: q.questions,
    answers,
  };
  const payload = new Uint8Array(dns.bufferLen(repr));
  dns.emit(repr, payload);
  return udpFrame({
    srcMac: AZURE_GATEWAY_MAC,
    dstMac: port.mac,
    src: WIRE_SERVER,
    dst: h.src,
    srcPort: dns.PORT,
    dstPort: h.srcPort,
    payload,
  });
}

function resolveName(world: World, fabric: Fabric, asker: Port, name: string): Ipv4 | undefined {
  const place = linksOf(world).subnets.get(keyOf(asker.subnetId));
  const suffix = `.${dnsSuffixOf(place?.vnet)}`.toLowerCase();
  let host = name.toLowerCase().replace(/\.$/, '');
  if (host.endsWith(suffix)) host = host.slice(0, -suffix.length);
  if (host.includes('.')) return undefined;
  for (const port of fabric.ports) {
    if (port.vnetKey !== asker.vnetKey || !port.vmId) continue;
    const vm = findResource<VirtualMachine>(world, port.vmId);
    const names = [vm?.name, vm?.properties.osProfile?.computerName].filter((x) => x !== undefined);
    if (names.some((n) => n.toLowerCase() === host)) return port.addresses[0];
  }
  return undefined;
}
