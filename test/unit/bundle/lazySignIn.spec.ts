// The bundle loads MSAL only for an Entra sign-in: index.ts and compositionRoot.ts reach @azure/msal-node through
// dynamic imports alone, which esbuild turns into modules evaluated on first use, so a Databricks-native run and a run
// that fails on its inputs never load it (SPEC §6; the Databricks-native family needs no MSAL).

import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as esbuild from 'esbuild';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const SOURCES = 'tasks/DatabricksRepoSyncV1/src';

type Inputs = esbuild.Metafile['inputs'];

/** Every module reached from `entry` by static imports only (import statements and require calls). */
function staticClosure(inputs: Inputs, entry: string): Set<string> {
  const reached = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const next = pending.pop() as string;
    if (reached.has(next) || !inputs[next]) continue;
    reached.add(next);
    for (const imported of inputs[next].imports) {
      if (imported.kind !== 'dynamic-import' && !imported.external) pending.push(imported.path);
    }
  }
  return reached;
}

describe('bundle: MSAL is loaded lazily', function () {
  this.timeout(30_000);
  let inputs: Inputs;

  before(async () => {
    const result = await esbuild.build({
      absWorkingDir: ROOT,
      entryPoints: [`${SOURCES}/index.ts`],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    inputs = result.metafile.inputs;
  });

  const isMsal = (module: string): boolean => module.includes('node_modules/@azure/msal-');

  it('index.ts and compositionRoot.ts reach no MSAL module by static imports', () => {
    for (const entry of ['index.ts', 'compositionRoot.ts']) {
      const msal = [...staticClosure(inputs, `${SOURCES}/${entry}`)].filter(isMsal);
      assert.deepEqual(msal, [], `${entry} loads MSAL eagerly`);
    }
  });

  it('the Databricks-native family reaches no MSAL module at all; the Entra family does', () => {
    assert.deepEqual([...staticClosure(inputs, `${SOURCES}/auth/databricks/index.ts`)].filter(isMsal), []);
    assert.ok([...staticClosure(inputs, `${SOURCES}/auth/entra/index.ts`)].some(isMsal), 'the check can see MSAL');
  });
});
