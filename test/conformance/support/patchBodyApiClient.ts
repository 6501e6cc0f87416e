// The SDK's ApiClient with one repair: PATCH requests carry the body the SDK's typed service built for them.

import * as https from 'node:https';
import { ApiClient, type Context } from '@databricks/sdk-experimental';
import { parseErrorFromResponse } from '@databricks/sdk-experimental/dist/apierr';

type RequestOptions = Parameters<ApiClient['request']>[0];

interface Answer {
  status: number;
  statusMessage: string;
  text: string;
}

/**
 * SDK 0.17.0 writes a request body only for POST and PUT (ApiClient.request in dist/api-client.js; its fetch even
 * asserts so), so every PATCH of the generated services — git-credentials update, repos update, repo permissions
 * update — leaves without its body. Those are three of the task's endpoints, so to check that the emulator reads
 * the bodies Databricks' client means to send, this client sends PATCH itself: same payload object, headers, auth
 * and agent as the SDK, and the SDK's own error parsing. Every other method goes through the SDK unchanged.
 * (transport.spec.ts pins the stock behaviour, so an SDK that fixes it shows up there.)
 */
export class PatchBodyApiClient extends ApiClient {
  override async request(options: RequestOptions, context?: Context): Promise<unknown> {
    if (options.method !== 'PATCH' || options.payload === undefined) {
      return super.request(options, context);
    }
    if (Object.keys(options.query ?? {}).length > 0) {
      throw new Error(`PatchBodyApiClient: PATCH ${options.path} with a query string is not handled`);
    }
    const headers = options.headers;
    headers.set('User-Agent', this.userAgent());
    await this.config.authenticate(headers);
    const url = new URL(options.path, await this.host);
    const agent = await this.getAgent();
    if (!(agent instanceof https.Agent)) {
      throw new Error('PatchBodyApiClient: the emulator is HTTPS, so the client needs an https.Agent');
    }
    const answer = await send(url, headers, JSON.stringify(options.payload), agent);
    if (answer.status >= 400) {
      throw parseErrorFromResponse(answer.status, answer.statusMessage, answer.text);
    }
    return answer.text === '' ? {} : (JSON.parse(answer.text) as unknown);
  }
}

function send(url: URL, headers: Headers, body: string, agent: https.Agent): Promise<Answer> {
  const outgoing: Record<string, string> = { 'content-length': Buffer.byteLength(body).toString() };
  headers.forEach((value, name) => {
    outgoing[name] = value;
  });
  return new Promise((resolve, reject) => {
    const request = https.request(url, { method: 'PATCH', headers: outgoing, agent }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, statusMessage: response.statusMessage ?? '', text: Buffer.concat(chunks).toString('utf8') }),
      );
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}
