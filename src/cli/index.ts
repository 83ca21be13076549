// cli: the vnetlab command line. One file per verb: parse flags, call the library, render a table or Azure's
// JSON. Holds no networking logic. May import net, model, diagnostics, topology, and dataplane (the Lab, for
// trace and capture) and pcap (capture's file).
export { main } from './main.ts';
export type { Io } from './io.ts';
export { EXIT } from './io.ts';
