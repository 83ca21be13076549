// The sign-in side of the emulator: the identity-provider endpoints a client library calls before it talks to
// ARM, and ARM's cloud metadata, so that the Azure CLI and MSAL-based SDKs work on a machine with no internet.
//
// Why AD FS: MSAL Python (1.21, under Debian's az 2.45) validates an authority host it does not know by asking
// https://login.microsoftonline.com/common/discovery/instance, which an offline machine cannot reach. An
// authority whose path is `/adfs` skips that call (msal/authority.py: `_is_known_to_developer = self.is_adfs
// or ...`) and reads `{authority}/.well-known/openid-configuration` straight away; az treats a cloud whose
// active-directory endpoint ends in `/adfs` as Azure Stack's AD FS and drops the tenant from the authority
// (azure/cli/core/auth/identity.py `_get_authority_url`). So the cloud metadata names `{base}/adfs` as the
// login endpoint. Entra's v2 routes (`/{tenant}/v2.0/...`) are served too, for clients that can turn instance
// discovery off (azure-identity's `disable_instance_discovery`, MSAL's `instance_discovery=False`).
//
// Fidelity: any client and any user signs in (with an auth token configured, only those presenting it), and
// tokens are HS256 JWTs under a lab key, not RS256 tokens from a published key set; no scope is enforced.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DEFAULT_SUBSCRIPTION } from '../topology/index.ts';
import { secretEquals } from './auth.ts';

/** The one tenant of the lab; az records it as each subscription's tenant. */
export const TENANT_ID = '5f3c8b2e-7a41-4d6e-9c0b-2e8f1a6d4c37';
/** The subscription topology files land in when they name none; the server lists it at GET /subscriptions. */
export const DEFAULT_SUBSCRIPTION_ID = DEFAULT_SUBSCRIPTION;
/** ARM's token audience in every public cloud; az asks for `${ARM_AUDIENCE}/.default`. */
export const ARM_AUDIENCE = 'https://management.core.windows.net/';

// Not a secret: without an auth token the server accepts any bearer token, so signatures protect nothing.
const LAB_KEY = 'vnetlab-lab-key';
const TOKEN_LIFETIME_SECONDS = 3600;
const REFRESH_PREFIX = 'vnetlab-refresh.';

export interface IdentityOptions {
  /** The server's base URL (https://127.0.0.1:PORT); by default taken from each request's protocol and Host. */
  readonly baseUrl?: () => string;
  /**
   * The server's `--auth-token`. When set, only a client secret (or user password) equal to it gets a token,
   * and the access token issued is the auth token itself, the one bearer the server then accepts.
   */
  readonly authToken?: string;
  /** Seconds since the epoch, for tokens' iat, nbf and exp. */
  readonly now?: () => number;
}

/** ARM's cloud metadata (GET /metadata/endpoints) for a vnetlab at `baseUrl`, in the api-version's shape. */
export function metadataEndpoints(baseUrl: string, apiVersion = '2022-09-01'): unknown {
  const base = baseUrl.replace(/\/+$/, '');
  const authentication = { loginEndpoint: `${base}/adfs`, audiences: [ARM_AUDIENCE, `${base}/`] };
  // Fidelity: ARM answers 1.0 and 2015-01-01 with this flat shape (what msrestazure reads for `az cloud
  // register --endpoint-resource-manager`), 2019-05-01 up to 2022-09-01 with a list of clouds (what az reads
  // from ARM_CLOUD_METADATA_URL), later versions with one cloud. Real payloads carry more endpoints (storage,
  // key vault, ...) that vnetlab does not serve.
  if (apiVersion === '1.0' || apiVersion < '2019-05-01') {
    return {
      galleryEndpoint: `${base}/`,
      graphEndpoint: `${base}/`,
      graphAudience: `${base}/`,
      portalEndpoint: `${base}/`,
      authentication,
    };
  }
  const cloud = {
    name: 'vnetlab',
    resourceManager: `${base}/`,
    portal: `${base}/`,
    gallery: `${base}/`,
    graph: `${base}/`,
    graphAudience: `${base}/`,
    authentication: { ...authentication, tenant: 'adfs', identityProvider: 'ADFS' },
    suffixes: {},
  };
  return apiVersion < '2022-09-01' ? [cloud] : cloud;
}

/** An HS256 JWT carrying `claims` (the shape Entra's tokens have, so clients that decode them can). */
export function issueToken(claims: Record<string, unknown>): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const signed = `${encode({ typ: 'JWT', alg: 'HS256' })}.${encode(claims)}`;
  return `${signed}.${createHmac('sha256', LAB_KEY).update(signed).digest('base64url')}`;
}

/** The claims of a JWT, or undefined when `token` is not one (no signature check: for tests and diagnostics). */
export function tokenClaims(token: string): Record<string, unknown> | undefined {
  const body = token.split('.')[1];
  if (body === undefined) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    return typeof claims === 'object' && claims !== null && !Array.isArray(claims)
      ? (claims as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Registers, in a plugin scope of their own (the form parser they need stays inside it):
 *   GET  /metadata/endpoints?api-version=V                  cloud metadata (metadataEndpoints)
 *   GET  /adfs/.well-known/openid-configuration             AD FS discovery (the authority az uses)
 *   POST /adfs/oauth2/token                                 tokens: client_credentials, password, refresh_token
 *   GET  /{tenant}/v2.0/.well-known/openid-configuration    Entra v2 discovery
 *   POST /{tenant}/oauth2/v2.0/token                        Entra v2 tokens
 * None needs a bearer token: clients call them to get one.
 */
export function identityRoutes(app: FastifyInstance, options: IdentityOptions = {}): void {
  const baseOf = (request: FastifyRequest) => options.baseUrl?.() || `${request.protocol}://${request.host}`;
  void app.register(async (scope) => {
    // OAuth token requests are forms (RFC 6749 §4.4.2); the parsed body is URLSearchParams.
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string' },
      (_req, body, done) => {
        done(null, new URLSearchParams(typeof body === 'string' ? body : body.toString('utf8')));
      },
    );
    scope.get('/metadata/endpoints', async (request, reply) => {
      const apiVersion = (request.query as Record<string, unknown>)['api-version'];
      if (typeof apiVersion !== 'string' || apiVersion === '') {
        return reply.code(400).send({
          error: {
            code: 'MissingApiVersionParameter',
            message: 'The api-version query parameter (?api-version=) is required for all requests.',
          },
        });
      }
      return reply.send(metadataEndpoints(baseOf(request), apiVersion));
    });
    const adfs = (request: FastifyRequest) => `${baseOf(request)}/adfs`;
    scope.get('/adfs/.well-known/openid-configuration', async (request) =>
      discovery(adfs(request), adfs(request), 'oauth2/token'),
    );
    scope.post('/adfs/oauth2/token', tokenHandler(options, adfs));
    const v2Issuer = (request: FastifyRequest) => `${baseOf(request)}/${TENANT_ID}/v2.0`;
    scope.get<{ Params: { tenant: string } }>(
      '/:tenant/v2.0/.well-known/openid-configuration',
      async (request) =>
        discovery(`${baseOf(request)}/${request.params.tenant}`, v2Issuer(request), 'oauth2/v2.0/token'),
    );
    scope.post('/:tenant/oauth2/v2.0/token', tokenHandler(options, v2Issuer));
  });
}

// An OpenID Connect discovery document. MSAL requires authorization_endpoint and token_endpoint
// (msal/authority.py tenant_discovery) and checks id tokens' `iss` against `issuer` (oauth2cli/oidc.py).
function discovery(authority: string, issuer: string, tokenPath: string): Record<string, unknown> {
  const v2 = tokenPath.includes('v2.0') ? '/v2.0' : '';
  return {
    issuer,
    authorization_endpoint: `${authority}/oauth2${v2}/authorize`,
    token_endpoint: `${authority}/${tokenPath}`,
    device_authorization_endpoint: `${authority}/oauth2${v2}/devicecode`,
    jwks_uri: `${authority}/discovery${v2}/keys`,
    response_types_supported: ['code', 'id_token', 'code id_token', 'token'],
    grant_types_supported: ['client_credentials', 'password', 'refresh_token'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['HS256'],
    token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
    scopes_supported: ['openid', 'profile', 'offline_access'],
  };
}

// OAuth 2.0 errors (RFC 6749 §5.2) with Entra's AADSTS codes in the description, as Entra sends them.
function oauthError(reply: FastifyReply, status: number, error: string, description: string): FastifyReply {
  return reply.code(status).send({ error, error_description: description });
}

function field(form: URLSearchParams, name: string): string | undefined {
  const value = form.get(name);
  return value === null || value === '' ? undefined : value;
}

// The audience asked for: v1's `resource`, or v2's scope `https://management.core.windows.net//.default`.
function audienceOf(form: URLSearchParams): string {
  const resource = field(form, 'resource');
  if (resource !== undefined) return resource;
  const scope = (field(form, 'scope') ?? '').split(' ').find((s) => s.endsWith('/.default'));
  return scope === undefined ? ARM_AUDIENCE : scope.slice(0, -'/.default'.length);
}

// A refresh token names its user and is signed with the auth token (the lab key without one), so only a
// client that once proved the secret can refresh: a forged or foreign token is refused as Entra refuses it.
function refreshToken(username: string, authToken: string | undefined): string {
  const user = Buffer.from(username).toString('base64url');
  return `${REFRESH_PREFIX}${user}.${refreshSignature(user, authToken)}`;
}

function refreshSignature(user: string, authToken: string | undefined): string {
  return createHmac('sha256', authToken ?? LAB_KEY)
    .update(`refresh.${user}`)
    .digest('base64url');
}

function refreshedUser(token: string, authToken: string | undefined): string | undefined {
  if (!token.startsWith(REFRESH_PREFIX)) return undefined;
  const [user, signature, ...rest] = token.slice(REFRESH_PREFIX.length).split('.');
  if (user === undefined || signature === undefined || rest.length > 0) return undefined;
  const expected = Buffer.from(refreshSignature(user, authToken));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  return Buffer.from(user, 'base64url').toString('utf8') || undefined;
}

// client_secret_post, or client_secret_basic (RFC 6749 §2.3.1: form-encoded id and secret in Basic).
function clientOf(request: FastifyRequest, form: URLSearchParams): { id?: string; secret?: string } {
  const basic = /^Basic (.+)$/i.exec(request.headers.authorization ?? '');
  if (basic) {
    const text = Buffer.from(basic[1]!, 'base64').toString('utf8');
    const colon = text.indexOf(':');
    const decode = (s: string) => (s === '' ? undefined : decodeFormComponent(s));
    return colon < 0
      ? { id: decode(text) }
      : { id: decode(text.slice(0, colon)), secret: decode(text.slice(colon + 1)) };
  }
  return {
    id: field(form, 'client_id'),
    secret: field(form, 'client_secret') ?? field(form, 'client_assertion'),
  };
}

// A stable GUID-shaped object ID per name, so a principal's tokens agree across sign-ins.
// A form-encoded component; a malformed escape is kept as written (it then matches no secret), never thrown.
function decodeFormComponent(s: string): string {
  const spaced = s.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

function objectId(name: string): string {
  const h = createHash('sha256').update(name.toLowerCase()).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function tokenHandler(options: IdentityOptions, issuerOf: (request: FastifyRequest) => string) {
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  const accessToken = (claims: Record<string, unknown>) => options.authToken ?? issueToken(claims);
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const form = request.body instanceof URLSearchParams ? request.body : new URLSearchParams();
    const grant = field(form, 'grant_type');
    const client = clientOf(request, form);
    if (client.id === undefined) {
      const message = "AADSTS900144: The request body must contain the following parameter: 'client_id'.";
      return oauthError(reply, 400, 'invalid_request', message);
    }
    const issuedAt = now();
    const audience = audienceOf(form);
    const common = {
      aud: audience,
      iss: issuerOf(request),
      iat: issuedAt,
      nbf: issuedAt,
      exp: issuedAt + TOKEN_LIFETIME_SECONDS,
      tid: TENANT_ID,
      ver: '1.0',
    };
    const lifetime = { expires_in: TOKEN_LIFETIME_SECONDS, ext_expires_in: TOKEN_LIFETIME_SECONDS };

    if (grant === 'client_credentials') {
      // `az login --service-principal -u ID -p SECRET --tenant T`.
      if (options.authToken !== undefined && !secretEquals(client.secret, options.authToken)) {
        const message = `AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${client.id}'.`;
        return oauthError(reply, 401, 'invalid_client', message);
      }
      const app = {
        appid: client.id,
        appidacr: '1',
        idtyp: 'app',
        oid: objectId(client.id),
        sub: objectId(client.id),
      };
      return reply.send({
        token_type: 'Bearer',
        ...lifetime,
        resource: audience,
        access_token: accessToken({ ...common, ...app }),
      });
    }

    // A user: ROPC (`az login -u NAME -p PASSWORD`) or a refresh. The refresh token carries the user name, so
    // the server keeps no sessions. MSAL builds its account from the id_token (`aud` must be the client ID,
    // `iss` the discovery issuer: oauth2cli/oidc.py decode_id_token); az reads `upn` and `tid` from it
    // (azure/cli/core/auth/util.py check_result).
    let username: string | undefined;
    if (grant === 'password') {
      username = field(form, 'username');
      if (username === undefined) {
        const message = "AADSTS900144: The request body must contain the following parameter: 'username'.";
        return oauthError(reply, 400, 'invalid_request', message);
      }
      if (options.authToken !== undefined && !secretEquals(field(form, 'password'), options.authToken)) {
        const message = 'AADSTS50126: Error validating credentials due to invalid username or password.';
        return oauthError(reply, 400, 'invalid_grant', message);
      }
    } else if (grant === 'refresh_token') {
      username = refreshedUser(field(form, 'refresh_token') ?? '', options.authToken);
      if (username === undefined) {
        const message = 'AADSTS9002313: Invalid request. Request is malformed or invalid.';
        return oauthError(reply, 400, 'invalid_grant', message);
      }
    } else {
      const message = `AADSTS70003: The app requested an unsupported grant type '${grant ?? ''}'.`;
      return oauthError(reply, 400, 'unsupported_grant_type', message);
    }
    const user = {
      oid: objectId(username),
      sub: objectId(username),
      upn: username,
      unique_name: username,
      name: username,
    };
    return reply.send({
      token_type: 'Bearer',
      scope: field(form, 'scope') ?? '',
      ...lifetime,
      resource: audience,
      access_token: accessToken({
        ...common,
        ...user,
        appid: client.id,
        appidacr: '0',
        scp: 'user_impersonation',
      }),
      refresh_token: refreshToken(username, options.authToken),
      id_token: issueToken({ ...common, ...user, aud: client.id }),
    });
  };
}
