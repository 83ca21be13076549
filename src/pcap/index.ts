// pcap: capture files, classic libpcap and pcapng, written and read. Knows bytes only: imports nothing of
// Azure and nothing of the codecs (frames go in and come out as Uint8Array). Readers never throw on
// untrusted files: they return a Result; writers produce the same bytes for the same calls.
export * from './pcap.ts';
export * from './pcapng.ts';
