// The request log of the fake Databricks API: every call in order, its round trip depth, injected failures and gates.

/** One request as the REST client would send it. */
export interface RecordedCall {
  method: string;
  /** path with query, e.g. `/api/2.0/workspace/get-status?path=/Repos/ci/app` */
  path: string;
  body?: unknown;
  /** 1 + the deepest round among the calls that had answered when this one started */
  round: number;
}

type Hook = () => void | Promise<void>;

interface Failure {
  error: Error;
  /** apply the call's effect first, then fail (a partial create, an answer lost on the way back) */
  afterEffect: boolean;
}

/** Lets a test see which calls were in flight together and inject what other runs or servers do. */
export class RequestLog {
  readonly calls: RecordedCall[] = [];
  private depth = 0;
  private readonly hooks = new Map<string, Hook[]>();
  private readonly failures = new Map<string, Failure[]>();
  private gate?: { keys: Set<string>; seen: Set<string>; open: Promise<void>; release: () => void; timeoutMs: number };

  /** Runs `hook` just before the next call `key` ("POST /api/2.0/repos") takes effect: another run acting first. */
  before(key: string, hook: Hook): void {
    this.hooks.set(key, [...(this.hooks.get(key) ?? []), hook]);
  }

  /** Makes the next call `key` fail with `error`, optionally after its effect. */
  failNext(key: string, error: Error, afterEffect = false): void {
    this.failures.set(key, [...(this.failures.get(key) ?? []), { error, afterEffect }]);
  }

  /**
   * Holds every answer to the calls `keys` until all of them were sent. Code that awaits one before sending the
   * other never gets an answer: the held call fails after `timeoutMs` instead of hanging the test.
   */
  requireInFlightTogether(keys: string[], timeoutMs = 300): void {
    let release: () => void = () => undefined;
    const open = new Promise<void>((resolve) => (release = resolve));
    this.gate = { keys: new Set(keys), seen: new Set(), open, release, timeoutMs };
  }

  writes(): RecordedCall[] {
    return this.calls.filter((call) => call.method !== 'GET');
  }

  /** "METHOD path" of every call, in the order sent. */
  keys(): string[] {
    return this.calls.map((call) => `${call.method} ${call.path}`);
  }

  /** The body of the last call `key` ("POST /api/2.0/repos"). */
  bodyOf(key: string): unknown {
    return this.calls.filter((call) => `${call.method} ${call.path}` === key).at(-1)?.body;
  }

  /** "METHOD path" of the calls of each round, sorted within a round (their start order there is not a contract). */
  byRound(): string[][] {
    const rounds: string[][] = [];
    for (const call of this.calls) (rounds[call.round - 1] ??= []).push(`${call.method} ${call.path}`);
    return rounds.map((keys) => keys.sort());
  }

  /** Sequential round trips: the depth of the longest chain of calls that waited for one another. */
  rounds(): number {
    return this.calls.reduce((max, call) => Math.max(max, call.round), 0);
  }

  /** Records the call, answers asynchronously (so parallel calls overlap), applies hooks, failures and gates. */
  async run<T>(method: string, path: string, body: unknown, effect: () => T): Promise<T> {
    const key = `${method} ${path}`;
    const record: RecordedCall = { method, path, round: this.depth + 1 };
    if (body !== undefined) record.body = structuredClone(body);
    this.calls.push(record);
    try {
      await new Promise((resolve) => setImmediate(resolve));
      await this.passGate(key);
      await this.take(this.hooks, key)?.();
      const failure = this.take(this.failures, key);
      if (failure && !failure.afterEffect) throw failure.error;
      const result = structuredClone(effect());
      if (failure) throw failure.error;
      return result;
    } finally {
      this.depth = Math.max(this.depth, record.round);
    }
  }

  /** Injections are one-shot: each applies to the next matching call only. */
  private take<V>(map: Map<string, V[]>, key: string): V | undefined {
    return map.get(key)?.shift();
  }

  private async passGate(key: string): Promise<void> {
    const gate = this.gate;
    if (!gate || !gate.keys.has(key)) return;
    gate.seen.add(key);
    if (gate.seen.size === gate.keys.size) gate.release();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`not in flight together: ${[...gate.keys].join(' ∥ ')}`)), gate.timeoutMs);
    });
    try {
      await Promise.race([gate.open, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
