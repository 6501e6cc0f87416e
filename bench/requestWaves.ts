// Reads a run's emulator request log as "waves": requests that were in flight together form one wave, and a request
// that started only after an answer of the wave came back starts the next. The number of waves is the run's count of
// sequential round trips as the server saw it, and the waves show which request waited for which.

import type { LoggedRequest } from '../test/emulator';

export interface Wave {
  /** ms after the run's first request */
  startMs: number;
  /** short route labels, in arrival order */
  routes: string[];
}

/** A short label: the Azure DevOps OIDC and Entra token routes by what they are, Databricks routes without /api/2.0. */
export function shortRoute(route: string): string {
  const [method] = route.split(' ');
  if (route.includes('/oidctoken')) return `${method} ADO oidctoken`;
  if (route.includes('/oauth2/v2.0/token')) return `${method} Entra token`;
  if (route.includes('/oidc/v1/token')) return `${method} workspace token`;
  return route.replace('/api/2.0/', '/');
}

export function requestWaves(requests: readonly LoggedRequest[]): Wave[] {
  const sorted = [...requests].sort((a, b) => a.startedAt - b.startedAt || a.seq - b.seq);
  const origin = sorted[0]?.startedAt ?? 0;
  const waves: Wave[] = [];
  let firstAnswerAt = Number.NEGATIVE_INFINITY;
  for (const request of sorted) {
    const answeredAt = request.startedAt + request.durationMs;
    const current = waves[waves.length - 1];
    if (current && request.startedAt < firstAnswerAt) {
      current.routes.push(shortRoute(request.route));
      firstAnswerAt = Math.min(firstAnswerAt, answeredAt);
    } else {
      waves.push({ startMs: request.startedAt - origin, routes: [shortRoute(request.route)] });
      firstAnswerAt = answeredAt;
    }
  }
  return waves;
}

/** `GET /git-credentials ∥ GET /workspace/get-status`; the same route twice as `POST Entra token ×2`. */
export function describeWave(wave: Wave): string {
  const counts = new Map<string, number>();
  for (const route of wave.routes) counts.set(route, (counts.get(route) ?? 0) + 1);
  return [...counts].map(([route, count]) => (count > 1 ? `${route} ×${count}` : route)).join(' ∥ ');
}
