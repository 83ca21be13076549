// wire: packet codecs, one file per protocol, in smoltcp's two levels: a zero-copy view (`Packet`/`Frame`)
// over a Uint8Array and a validated plain `Repr`, with `parse` (bytes → Result<{ repr, payload }>, payload a
// subarray) and `emit` (repr → caller's buffer). Imports only src/net; knows nothing of Azure.
// Guarantees: parse, parseHeaders and describeFrame never throw on any bytes; emitted checksums are right.
export * from './checksum.ts';
export * from './mac.ts';
export * from './ipv4-address.ts';
export * from './headers.ts';
export * from './build.ts';
export * from './describe.ts';
export * as ethernet from './ethernet.ts';
export * as arp from './arp.ts';
export * as ipv4 from './ipv4.ts';
export * as ipv6 from './ipv6.ts';
export * as icmpv4 from './icmpv4.ts';
export * as icmpv6 from './icmpv6.ts';
export * as udp from './udp.ts';
export * as tcp from './tcp.ts';
export * as vxlan from './vxlan.ts';
export * as dhcp from './dhcp.ts';
export * as dns from './dns.ts';
