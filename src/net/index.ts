// net: value types with no Azure knowledge: addresses, prefixes, port ranges, the LPM trie, the JSON object guard.
// May import nothing from the rest of vnetlab. Parsing never throws (Result); must* helpers do, for literals.
export * from './result.ts';
export * from './prefix.ts';
export * from './port-range.ts';
export { LpmTrie } from './lpm-trie.ts';
export { isObject, MAX_JSON_DEPTH, nestsDeeperThan } from './json.ts';
export { nearest } from './nearest.ts';
