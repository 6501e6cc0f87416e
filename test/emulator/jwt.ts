// Compact JWTs with node's crypto: signing the emulator's tokens (RS256) and checking client assertions (RS256/PS256).

import * as crypto from 'node:crypto';

export interface JwtHeader {
  alg: string;
  typ?: string;
  kid?: string;
  x5t?: string;
  'x5t#S256'?: string;
  x5c?: string | string[];
}

export type JwtClaims = Record<string, unknown>;

export interface DecodedJwt {
  header: JwtHeader;
  claims: JwtClaims;
  /** `<header>.<payload>` as sent: what the signature covers */
  signingInput: string;
  signature: Buffer;
}

function encodeSegment(value: object): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

function decodeSegment(segment: string): unknown {
  return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Splits and parses a JWT; undefined when it is not three base64url segments with JSON header and payload. */
export function decodeJwt(token: string): DecodedJwt | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((part) => !/^[A-Za-z0-9_-]*$/.test(part))) {
    return undefined;
  }
  try {
    const header = decodeSegment(parts[0]);
    const claims = decodeSegment(parts[1]);
    if (!isRecord(header) || typeof header.alg !== 'string' || !isRecord(claims)) {
      return undefined;
    }
    return {
      header: header as unknown as JwtHeader,
      claims,
      signingInput: `${parts[0]}.${parts[1]}`,
      signature: Buffer.from(parts[2], 'base64url'),
    };
  } catch {
    return undefined;
  }
}

/** Signs claims as an RS256 JWT. */
export function signJwt(header: Omit<JwtHeader, 'alg'>, claims: JwtClaims, privateKey: crypto.KeyObject): string {
  const signingInput = `${encodeSegment({ alg: 'RS256', typ: 'JWT', ...header })}.${encodeSegment(claims)}`;
  const signature = crypto.sign('sha256', Buffer.from(signingInput), privateKey);
  return `${signingInput}.${signature.toString('base64url')}`;
}

/** Checks the signature of an RS256 or PS256 JWT (msal-node signs SHA-256 certificate assertions with PS256). */
export function hasValidSignature(jwt: DecodedJwt, publicKey: crypto.KeyObject): boolean {
  const data = Buffer.from(jwt.signingInput);
  try {
    if (jwt.header.alg === 'RS256') {
      return crypto.verify('sha256', data, publicKey, jwt.signature);
    }
    if (jwt.header.alg === 'PS256') {
      const key = { key: publicKey, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: crypto.constants.RSA_PSS_SALTLEN_AUTO };
      return crypto.verify('sha256', data, key, jwt.signature);
    }
  } catch {
    return false;
  }
  return false;
}

/** A string claim, or undefined. */
export function stringClaim(claims: JwtClaims, name: string): string | undefined {
  const value = claims[name];
  return typeof value === 'string' ? value : undefined;
}

/** A numeric claim (seconds since the epoch for exp/nbf/iat), or undefined. */
export function numberClaim(claims: JwtClaims, name: string): number | undefined {
  const value = claims[name];
  return typeof value === 'number' ? value : undefined;
}

/** The audiences of a token: `aud` may be one string or a list. */
export function audienceClaim(claims: JwtClaims): string[] {
  const value = claims.aud;
  if (typeof value === 'string') {
    return [value];
  }
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

export interface CertificateThumbprints {
  /** base64url SHA-1 of the DER certificate: the `x5t` header */
  sha1: string;
  /** base64url SHA-256 of the DER certificate: the `x5t#S256` header */
  sha256: string;
}

/** The thumbprints Entra matches a certificate assertion's header against. */
export function certificateThumbprints(certificatePem: string): CertificateThumbprints {
  const der = new crypto.X509Certificate(certificatePem).raw;
  return {
    sha1: crypto.createHash('sha1').update(der).digest('base64url'),
    sha256: crypto.createHash('sha256').update(der).digest('base64url'),
  };
}

/** Seconds since the epoch, as JWT times are written. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
