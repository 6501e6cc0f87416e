// Mocha root hook plugin (.mocharc.json `require`): after the whole run, removes every temp folder the run made and
// fails naming any that could not be removed. The 'exit' handler of tempFolders.ts would remove them too, but a
// failure there could no longer fail the run.

import { removeAllTempFolders, tempFoldersLeft } from './tempFolders';

export const mochaHooks = {
  afterAll(): void {
    removeAllTempFolders();
    const left = tempFoldersLeft();
    if (left.length > 0) throw new Error(`temp folders the tests made are still there: ${left.join(', ')}`);
  },
};
