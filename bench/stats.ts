// Small shared pieces of `npm run bench`: medians, the effective-round-trip formula and the timing sample types.

import type { LoggedRequest } from '../test/emulator';

export type Scenario = 'first' | 'steady';

/** One timed run of a scenario at one latency. */
export interface Sample {
  durationMs: number;
  /** peak resident set size of the process in kB (undefined when not measured, e.g. the baseline's curls) */
  maxRssKb?: number;
  /** the emulator's request log of this run */
  requests: LoggedRequest[];
}

/** Samples of one scenario, by emulator latency in ms. */
export type LatencySamples = Map<number, Sample[]>;

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function medianDuration(samples: readonly Sample[] | undefined): number {
  return median((samples ?? []).map((sample) => sample.durationMs));
}

/** (median(T at `latencyMs`) − median(T at 0)) / latencyMs: how many round trips the run waits for, one after another. */
export function effectiveRoundTrips(samples: LatencySamples, latencyMs: number): number {
  return (medianDuration(samples.get(latencyMs)) - medianDuration(samples.get(0))) / latencyMs;
}

/** The sample whose duration is the median one (the lower middle for an even count). */
export function medianSample(samples: readonly Sample[] | undefined): Sample | undefined {
  if (!samples || samples.length === 0) return undefined;
  const sorted = [...samples].sort((a, b) => a.durationMs - b.durationMs);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}
