// A scripted HttpClient for the Databricks specs: records each request and answers from a queue.

import type { HttpClient, HttpRequest, HttpResponse } from '../../../tasks/DatabricksRepoSyncV1/src/http/types';
import { DatabricksClient } from '../../../tasks/DatabricksRepoSyncV1/src/databricks/client';

export interface FakeHttp extends HttpClient {
  requests: HttpRequest[];
  /** queues answers; an Error is thrown instead of answered */
  answer(...answers: (Partial<HttpResponse> | Error)[]): void;
}

export function fakeHttp(): FakeHttp {
  const requests: HttpRequest[] = [];
  const queue: (Partial<HttpResponse> | Error)[] = [];
  return {
    requests,
    answer: (...answers) => {
      queue.push(...answers);
    },
    send: async (request) => {
      // as the real HTTP layer does before each attempt: the Authorization header from the token getter
      const headers = request.authorization ? { ...request.headers, Authorization: await request.authorization() } : request.headers;
      requests.push({ ...request, headers });
      const next = queue.shift() ?? { status: 200, text: '{}' };
      if (next instanceof Error) throw next;
      return { status: next.status ?? 200, headers: next.headers ?? {}, text: next.text ?? '' };
    },
    close: () => undefined,
  };
}

export const HOST = 'https://adb-1234567890123456.7.azuredatabricks.net';
export const TOKEN = 'dapi-test-token-value';

export function fakeClient(http: FakeHttp): DatabricksClient {
  return new DatabricksClient(http, HOST, () => TOKEN);
}

/** The request body as JSON, for asserting on what was sent. */
export function sentBody(request: HttpRequest): unknown {
  return request.body === undefined ? undefined : JSON.parse(request.body);
}
