// A token that is never handed out within 40 s of its expiry: a long clone and the retry budget can outlive a token,
// and Azure Databricks refuses tokens that expire in 30 s or less (databricks-sdk-go config/oauth_visitors.go
// refreshes 40 s early for the same reason). Every request asks for its token just before it is sent.

/** A token and when it expires. */
export interface AccessToken {
  value: string;
  /** epoch milliseconds */
  expiresAtMs: number;
}

/** What the rest of the run holds instead of a token string. */
export interface TokenSource {
  /** a token with more than `minRemainingMs` (default REFRESH_MARGIN_MS) left, acquired again first when needed */
  get(minRemainingMs?: number): Promise<string>;
}

export const REFRESH_MARGIN_MS = 40_000;

class FreshToken implements TokenSource {
  private pending: Promise<AccessToken> | undefined;

  constructor(
    private current: AccessToken,
    private readonly acquire: () => Promise<AccessToken>,
    private readonly now: () => number,
  ) {}

  async get(minRemainingMs = REFRESH_MARGIN_MS): Promise<string> {
    if (this.current.expiresAtMs - this.now() > minRemainingMs) return this.current.value;
    // One refresh for all requests that need it at once; a token that is short-lived from the start is still used.
    this.pending ??= this.acquire().finally(() => {
      this.pending = undefined;
    });
    this.current = await this.pending;
    return this.current.value;
  }
}

/**
 * Acquires the first token now and returns a source that acquires again whenever the token in hand has 40 s or
 * less to live. `acquire` must register every token it gets as a secret.
 */
export async function freshToken(acquire: () => Promise<AccessToken>, now: () => number = Date.now): Promise<TokenSource> {
  return new FreshToken(await acquire(), acquire, now);
}
