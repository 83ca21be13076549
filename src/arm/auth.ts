// `serve --auth-token T`: which requests may pass without the token, and whether a header proves it. Both are
// decided on the request as it arrives, before fastify routes or normalises anything, so no other spelling of a
// path (`//subscriptions`, `/%73ubscriptions`) can reach a handler unauthenticated.
import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * True when `Authorization` carries exactly `Bearer <token>`: the scheme word in any case (RFC 7235 §2.1),
 * the token byte for byte, compared in constant time (digests of equal length, so the length leaks nothing).
 */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const m = /^bearer +(.*)$/i.exec(header ?? '');
  return m !== null && secretEquals(m[1], token);
}

/** `given` is `secret`, byte for byte, compared in constant time. */
export function secretEquals(given: string | undefined, secret: string): boolean {
  if (given === undefined) return false;
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(secret));
}

/**
 * The path of a request URL as a router would read it: the query dropped, each segment percent-decoded, empty
 * segments (repeated slashes) and a trailing slash dropped, lowercased. Undefined when a segment does not
 * decode (such a path is never open).
 */
export function canonicalPath(url: string): string | undefined {
  const q = url.search(/[?#]/);
  const raw = q < 0 ? url : url.slice(0, q);
  const segments: string[] = [];
  for (const segment of raw.split('/')) {
    if (segment === '') continue;
    try {
      segments.push(decodeURIComponent(segment).toLowerCase());
    } catch {
      return undefined;
    }
  }
  return `/${segments.join('/')}`;
}

// Names ARM uses at the top of its paths: never a tenant of a sign-in endpoint.
const ARM_ROOTS = new Set(['subscriptions', 'tenants', 'providers', 'metadata', 'adfs']);

/**
 * The sign-in and cloud-metadata endpoints (identity.ts), the only requests that need no token: clients call
 * them to get one. Everything else, whatever its spelling, needs the token.
 */
/** GET: whether the server is up (for scripts and container health checks); open like GET /. */
export const HEALTH_PATH = '/health';

export function isOpenRequest(method: string, url: string): boolean {
  const path = canonicalPath(url);
  if (path === undefined) return false;
  const s = path.split('/').slice(1);
  if (method === 'GET') {
    if (path === '/metadata/endpoints' || path === '/adfs/.well-known/openid-configuration') return true;
    // What is served and whether it is up tells nothing of the lab (server.ts).
    if (path === '/' || path === HEALTH_PATH) return true;
    return s.length === 4 && !ARM_ROOTS.has(s[0]!) && path.endsWith('/v2.0/.well-known/openid-configuration');
  }
  if (method === 'POST') {
    if (path === '/adfs/oauth2/token') return true;
    return s.length === 4 && !ARM_ROOTS.has(s[0]!) && path.endsWith('/oauth2/v2.0/token');
  }
  return false;
}
