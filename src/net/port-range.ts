// Port ranges as NSG rules and AVNM admin rules write them: "*", "80", "1000-2000".
import type { Result } from './result.ts';

export interface PortRange {
  readonly from: number;
  readonly to: number;
}

export const ANY_PORT: PortRange = { from: 0, to: 65535 };

export function parsePortRange(text: string): Result<PortRange> {
  const t = text.trim();
  if (t === '*') return { ok: true, value: ANY_PORT };
  const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(t);
  if (m) {
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (from <= to && to <= 65535) return { ok: true, value: { from, to } };
  }
  return { ok: false, reason: `'${text}' is not a valid port or port range` };
}

export const inPortRange = (r: PortRange, port: number): boolean => port >= r.from && port <= r.to;

export const formatPortRange = (r: PortRange): string =>
  r.from === 0 && r.to === 65535 ? '0-65535' : r.from === r.to ? String(r.from) : `${r.from}-${r.to}`;
