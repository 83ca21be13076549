// cli: the vnetlab command line. One file per verb: parse flags, call the library, render a table or Azure's
// JSON. Holds no networking logic. May import net, model, diagnostics and topology.
export { main } from './main.ts';
export type { Io } from './io.ts';
export { EXIT } from './io.ts';
