// Fault injection: rules a test queues to make matching requests fail (status, headers such as Retry-After, a body,
// a reset connection) or slow down. Rules are tried in the order added; each fires `times` times, then is spent.

import type { JsonValue } from './json';

export interface FaultRule {
  /** HTTP method; any when absent */
  method?: string;
  /** a prefix of, or a RegExp tested against, the request target (path plus `?query`) */
  path: string | RegExp;
  /** answer with this status instead of the real answer */
  status?: number;
  headers?: Record<string, string>;
  /** JSON (or raw text) body of the fault answer; default: the service's usual error shape */
  body?: JsonValue;
  /** destroy the connection instead of answering (a network error for the client) */
  reset?: boolean;
  /** answer 200 with headers at once, then the body one byte every `intervalMs` (a server that never quite answers) */
  trickle?: { intervalMs: number; bytes: number };
  /** wait this long first; with neither status nor reset the real answer follows */
  delayMs?: number;
  /** handle the request at once (authentication included), then hold its answer this long: a slow clone or pull */
  answerAfterMs?: number;
  /** let the request change state first and fail only the answer (e.g. a create that half-succeeded) */
  applyRequest?: boolean;
  /** how many matching requests the rule hits; default 1 */
  times?: number;
}

export interface PendingFault {
  rule: FaultRule;
  remaining: number;
}

export class FaultInjector {
  private readonly queue: PendingFault[] = [];
  /** how many requests a fault rule has hit so far */
  triggered = 0;

  add(...rules: FaultRule[]): void {
    for (const rule of rules) {
      this.queue.push({ rule, remaining: rule.times ?? 1 });
    }
  }

  clear(): void {
    this.queue.length = 0;
  }

  /** Rules not yet spent, with what is left of each. */
  pending(): readonly PendingFault[] {
    return this.queue.filter((entry) => entry.remaining > 0);
  }

  /** The first live rule matching the request, consuming one of its uses. */
  take(method: string, target: string): FaultRule | undefined {
    const entry = this.queue.find((candidate) => candidate.remaining > 0 && matches(candidate.rule, method, target));
    if (entry === undefined) {
      return undefined;
    }
    entry.remaining -= 1;
    this.triggered += 1;
    return entry.rule;
  }
}

function matches(rule: FaultRule, method: string, target: string): boolean {
  if (rule.method !== undefined && rule.method.toUpperCase() !== method) {
    return false;
  }
  if (typeof rule.path === 'string') {
    return target.startsWith(rule.path);
  }
  rule.path.lastIndex = 0; // a /g RegExp would otherwise remember where it last matched
  return rule.path.test(target);
}

/** Whether a rule replaces the answer (rather than only delaying it). */
export function replacesAnswer(rule: FaultRule): boolean {
  return rule.reset === true || rule.status !== undefined || rule.trickle !== undefined;
}
