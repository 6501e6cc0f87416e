// A minimal HttpClient on node's https.request for the auth tests: trusts the test CA, records every request, no retries.

import * as https from 'node:https';
import type { HttpClient, HttpRequest, HttpResponse } from '../../../../tasks/DatabricksRepoSyncV1/src/http/types';
import { NetworkError } from '../../../../tasks/DatabricksRepoSyncV1/src/http/types';

export class TestHttpClient implements HttpClient {
  /** every request the code under test sent, in order */
  readonly sent: HttpRequest[] = [];

  constructor(private readonly ca: string) {}

  close(): void {
    // every request uses its own connection (agent: false): nothing stays open
  }

  send(request: HttpRequest): Promise<HttpResponse> {
    this.sent.push(request);
    return new Promise<HttpResponse>((resolve, reject) => {
      const outgoing = https.request(
        request.url,
        { method: request.method, headers: request.headers, ca: this.ca, agent: false },
        (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
          incoming.on('end', () =>
            resolve({
              status: incoming.statusCode ?? 0,
              headers: flattenHeaders(incoming.headers),
              text: Buffer.concat(chunks).toString('utf8'),
            }),
          );
        },
      );
      outgoing.on('error', (error: NodeJS.ErrnoException) =>
        reject(new NetworkError(error.message, error.code ?? 'EUNKNOWN', true)),
      );
      outgoing.end(request.body);
    });
  }
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) {
      flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    }
  }
  return flat;
}
