// End-to-end: the agent's proxy (SPEC §4.4) on the packaged task: every request of a run, token and OIDC requests
// included, goes through a CONNECT tunnel; the bypass list sends matching hosts direct.

import assert from 'node:assert/strict';
import { startWorld, wifConnection } from './support/fixture';
import { startConnectProxy, type ConnectProxy } from './support/connectProxy';
import { assertSucceeded, folderAt, sync, uniqueRepoPath, type E2eWorld } from './support/syncScenarios';

/** The discard port on loopback: nothing listens, so a direct connection is refused at once. */
const UNREACHABLE = '127.0.0.1:9';

describe('e2e: proxy', function () {
  this.timeout(60_000);
  let world: E2eWorld;
  let proxy: ConnectProxy;

  before(async () => {
    world = await startWorld();
    proxy = await startConnectProxy({ [UNREACHABLE]: Number(new URL(world.emulator.url).port) });
  });
  beforeEach(() => {
    proxy.tunnels.length = 0;
    proxy.refused.length = 0;
  });
  after(async () => {
    if (world === undefined) return;
    assert.deepEqual(world.emulator.requests.deprecatedCalls(), [], 'GET /api/2.0/repos was called');
    await proxy.close();
    await world.emulator.stop();
  });

  it('every request goes through the tunnel: the hosts are reachable only through the proxy', async () => {
    // Entra authority, Azure DevOps OIDC and Databricks all named by an address only the proxy can reach.
    const hidden = world.emulator.url.replace(new URL(world.emulator.url).host, UNREACHABLE);
    const { seed } = world;
    const repoPath = uniqueRepoPath('proxy');
    const record = await sync(world, {
      inputs: { repoPath, databricksHost: hidden, retryTimeoutSeconds: '2' },
      endpoints: [wifConnection(world, { data: { activeDirectoryAuthority: hidden, environment: 'AzureCloud' } })],
      variables: {
        'System.CollectionUri': seed.azureDevOps.collectionUri.replace(world.emulator.url, hidden),
        'System.OidcRequestUri': seed.azureDevOps.oidcRequestUri.replace(world.emulator.url, hidden),
      },
      proxy: { url: proxy.url, username: 'build-agent', password: 'proxy-pass-4f1e9c' },
    });
    assertSucceeded(record);
    assert.ok(folderAt(world, repoPath), 'the run reached Databricks');
    const services = new Set(record.requests.map((entry) => entry.service));
    assert.deepEqual([...services].sort(), ['ado', 'databricks', 'entra'], 'token, OIDC and Databricks requests all arrived');
    assert.ok(proxy.tunnels.length >= 1);
    assert.deepEqual([...new Set(proxy.tunnels.map((tunnel) => tunnel.target))], [UNREACHABLE]);
    const credentials = `Basic ${Buffer.from('build-agent:proxy-pass-4f1e9c').toString('base64')}`;
    assert.ok(proxy.tunnels.every((tunnel) => tunnel.proxyAuthorization === credentials), 'the proxy credentials are sent');
    assert.deepEqual(proxy.refused, [], 'HTTPS is tunnelled, never sent to the proxy as a plain request');
    assert.equal(record.run.maskedLog.includes('proxy-pass-4f1e9c'), false);
  });

  it('a bypass entry matching 127.0.0.1 sends every request direct', async () => {
    const repoPath = uniqueRepoPath('bypass');
    const record = await sync(world, { inputs: { repoPath }, proxy: { url: proxy.url, bypass: ['127\\.0\\.0\\.1'] } });
    assertSucceeded(record);
    assert.ok(folderAt(world, repoPath));
    assert.deepEqual(proxy.tunnels, []);
    assert.deepEqual(proxy.refused, []);
  });

  it('without a bypass entry the same hosts go through the proxy', async () => {
    const repoPath = uniqueRepoPath('nobypass');
    const record = await sync(world, { inputs: { repoPath }, proxy: { url: proxy.url, bypass: ['^https://example\\.invalid'] } });
    assertSucceeded(record);
    assert.deepEqual([...new Set(proxy.tunnels.map((tunnel) => tunnel.target))], [new URL(world.emulator.url).host]);
  });
});
