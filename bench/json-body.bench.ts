// Time to read (or refuse) a request body against its size: the strict parse, then the JSON-with-comments
// reader (src/arm/json-body.ts) on a hostile body (`{` then `a ` repeated) and on a large relaxed body
// (bare keys). Linear time means the milliseconds grow with the size, not with its square.
// Run: npm run bench:json
import { parseJsonBody } from '../src/arm/index.ts';

function time(body: string): number {
  const start = performance.now();
  parseJsonBody(body);
  return performance.now() - start;
}

const rows: Record<string, string | number>[] = [];
for (const n of [20_000, 60_000, 240_000, 500_000]) {
  const hostile = `{${'a '.repeat(n)}`;
  const relaxed = `{${'a:1,'.repeat(n)}}`;
  time(hostile); // warm up the code paths once
  rows.push({
    'hostile KB': Math.round(hostile.length / 1024),
    'hostile ms': Number(time(hostile).toFixed(1)),
    'relaxed KB': Math.round(relaxed.length / 1024),
    'relaxed ms': Number(time(relaxed).toFixed(1)),
  });
}
console.table(rows);
