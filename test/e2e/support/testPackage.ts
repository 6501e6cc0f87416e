// Where npm test, the demo and the bench package the extension (npm run package:test): build/test-package/, so that
// they never replace or delete a .vsix the user made in dist/ with npm run package.

import * as path from 'node:path';
import { findVsix } from '../agent/vsix';

export const TEST_PACKAGE_FOLDER = path.resolve(__dirname, '..', '..', '..', 'build', 'test-package');

/** The one .vsix in build/test-package/. */
export function testPackage(): string {
  return findVsix(TEST_PACKAGE_FOLDER, 'npm run package:test');
}
