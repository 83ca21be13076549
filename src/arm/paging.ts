// ARM list responses: { value: [...], nextLink } with an opaque $skipToken (ARM RPC resource-api-reference.md,
// "Collection" and "nextLink"). Clients follow nextLink until it is absent.
import type { ArmContext, ArmRequest } from './context.ts';

export function page(
  ctx: ArmContext,
  request: ArmRequest,
  items: readonly unknown[],
): { value: unknown[]; nextLink?: string } {
  const skip = Math.max(0, Number.parseInt(request.query['$skipToken'] ?? '0', 10) || 0);
  const top = Number.parseInt(request.query['$top'] ?? '', 10);
  const size = Number.isFinite(top) && top > 0 ? Math.min(top, ctx.pageSize) : ctx.pageSize;
  const value = items.slice(skip, skip + size);
  if (skip + size >= items.length) return { value };
  // Keys are written as ARM writes them ('$skipToken', not '%24skipToken'); values are encoded.
  const query: string[] = [];
  for (const [k, v] of Object.entries(request.query))
    if (v !== undefined && k !== '$skipToken')
      query.push(`${encodeURIComponent(k).replace(/%24/g, '$')}=${encodeURIComponent(v)}`);
  query.push(`$skipToken=${skip + size}`);
  return { value, nextLink: `${ctx.baseUrl}${request.path}?${query.join('&')}` };
}
