// The emulator's token authority: one RSA key signs every Entra access token and Azure DevOps ID token, and a
// registry of what was issued lets the services accept only live tokens and lets tests list every secret.

import * as crypto from 'node:crypto';
import type { JsonObject } from './json';
import { decodeJwt, hasValidSignature, nowSeconds, signJwt, type JwtClaims } from './jwt';

/** Azure Databricks' first-party application id: `aud` of a Databricks access token. */
export const DATABRICKS_RESOURCE = '2ff814a6-3304-4ab8-85cb-cd0e6f879c1d';
/** Azure DevOps' first-party application id: `aud` of an Azure DevOps access token. */
export const AZURE_DEVOPS_RESOURCE = '499b84ac-1321-427f-aa17-267ca6975798';
/** Audience of ID tokens exchanged with Entra (workload identity federation). */
export const TOKEN_EXCHANGE_AUDIENCE = 'api://AzureADTokenExchange';

/** How the identity proved itself; `appidacr` in the token says the same. */
export type AuthenticationMethod = 'secret' | 'certificate' | 'federated' | 'managedIdentity';

export interface IssuedToken {
  kind: 'access' | 'oidc';
  token: string;
  claims: JwtClaims;
  /** seconds since the epoch */
  expiresAt: number;
}

export interface AccessTokenRequest {
  tenantId: string;
  /** the application's or managed identity's client id: `appid`/`azp` */
  clientId: string;
  /** the resource GUID: `aud` */
  resource: string;
  /** negative issues an already expired token */
  lifetimeSeconds: number;
  method: AuthenticationMethod;
  /** the identity's object id: `oid`/`sub` */
  objectId?: string;
}

export interface OidcTokenRequest {
  issuer: string;
  subject: string;
  lifetimeSeconds: number;
  audience?: string;
  /** extra claims, e.g. the organisation id */
  claims?: JwtClaims;
}

export type TokenCheck =
  | { valid: true; issued: IssuedToken }
  | { valid: false; problem: 'malformed' | 'signature' | 'unknown' | 'expired'; issued?: IssuedToken };

const METHOD_ACR: Record<AuthenticationMethod, string> = { secret: '1', certificate: '2', federated: '2', managedIdentity: '2' };

export class TokenIssuer {
  readonly keyId: string;
  private readonly privateKey: crypto.KeyObject;
  readonly publicKey: crypto.KeyObject;
  /** every token issued, by its text */
  readonly issued = new Map<string, IssuedToken>();

  constructor() {
    const pair = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKey = pair.privateKey;
    this.publicKey = pair.publicKey;
    this.keyId = crypto.createHash('sha256').update(pair.publicKey.export({ type: 'spki', format: 'der' })).digest('base64url').slice(0, 27);
  }

  /** An Entra access token as the token endpoint or a managed identity endpoint hands it out. */
  issueAccessToken(request: AccessTokenRequest): IssuedToken {
    const issuedAt = nowSeconds();
    const objectId = request.objectId ?? request.clientId;
    const claims: JwtClaims = {
      aud: request.resource,
      iss: `https://sts.windows.net/${request.tenantId}/`,
      iat: issuedAt,
      nbf: Math.min(issuedAt, issuedAt + request.lifetimeSeconds),
      exp: issuedAt + request.lifetimeSeconds,
      appid: request.clientId,
      azp: request.clientId,
      appidacr: METHOD_ACR[request.method],
      idtyp: 'app',
      oid: objectId,
      sub: objectId,
      tid: request.tenantId,
      jti: crypto.randomUUID(),
      ver: '1.0',
    };
    return this.register('access', claims);
  }

  /** An ID token as Azure DevOps' OIDC endpoint hands it out. */
  issueOidcToken(request: OidcTokenRequest): IssuedToken {
    const issuedAt = nowSeconds();
    const claims: JwtClaims = {
      ...request.claims,
      iss: request.issuer,
      sub: request.subject,
      aud: request.audience ?? TOKEN_EXCHANGE_AUDIENCE,
      iat: issuedAt,
      nbf: Math.min(issuedAt, issuedAt + request.lifetimeSeconds),
      exp: issuedAt + request.lifetimeSeconds,
      jti: crypto.randomUUID(),
    };
    return this.register('oidc', claims);
  }

  /** Whether a token is one this emulator issued, unaltered and not expired. */
  check(token: string): TokenCheck {
    const decoded = decodeJwt(token);
    if (decoded === undefined) {
      return { valid: false, problem: 'malformed' };
    }
    if (decoded.header.kid !== this.keyId || !hasValidSignature(decoded, this.publicKey)) {
      return { valid: false, problem: 'signature' };
    }
    const issued = this.issued.get(token);
    if (issued === undefined) {
      return { valid: false, problem: 'unknown' };
    }
    if (issued.expiresAt <= nowSeconds()) {
      return { valid: false, problem: 'expired', issued };
    }
    return { valid: true, issued };
  }

  /** The signing key as a JSON Web Key Set, for the `jwks_uri` of the metadata documents. */
  jwks(): JsonObject {
    const jwk = this.publicKey.export({ format: 'jwk' });
    return { keys: [{ kty: 'RSA', use: 'sig', kid: this.keyId, n: String(jwk.n), e: String(jwk.e) }] };
  }

  /** Text of every token issued so far. */
  allTokens(): string[] {
    return [...this.issued.keys()];
  }

  private register(kind: IssuedToken['kind'], claims: JwtClaims): IssuedToken {
    const token = signJwt({ kid: this.keyId }, claims, this.privateKey);
    const issued: IssuedToken = { kind, token, claims, expiresAt: Number(claims.exp) };
    this.issued.set(token, issued);
    return issued;
  }
}
