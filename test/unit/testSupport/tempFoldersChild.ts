// A child process for tempFolders.spec.ts: makes two temp folders (one holding a secret), prints them as one JSON line,
// then ends the way argv[2] says, so that the spec can check what is left behind.
//   wait | own-handler (its own SIGINT handler) | exit | throw | reject
// argv[3]: a file where every removal is logged in order (written through fs.rmSync, which tempFolders.ts calls).

import { makeTempFolder } from '../../support/tempFolders';
// The module object itself (not a namespace copy), so that replacing rmSync reaches tempFolders.ts too.
import fs = require('node:fs');

const [ending, removalLog] = process.argv.slice(2);

const rmSync = fs.rmSync;
fs.rmSync = (target: fs.PathLike, options?: fs.RmOptions): void => {
  fs.appendFileSync(removalLog, `${String(target)}\n`);
  rmSync(target, options);
};

const plain = makeTempFolder('child-plain-');
const secret = makeTempFolder('child-secret-', { holdsSecrets: true });
fs.writeFileSync(`${secret}/key.pem`, 'PRIVATE KEY', { mode: 0o600 });
process.stdout.write(`${JSON.stringify({ plain, secret })}\n`);

switch (ending) {
  case 'wait':
    setInterval(() => undefined, 1000);
    break;
  case 'own-handler':
    // like the emulator CLI: the process decides itself how to end on Ctrl+C
    process.on('SIGINT', () => {
      process.stdout.write('handled\n');
      setTimeout(() => process.exit(0), 100);
    });
    setInterval(() => undefined, 1000);
    break;
  case 'exit':
    process.exit(3);
    break;
  case 'throw':
    throw new Error('uncaught on purpose');
  case 'reject':
    void Promise.reject(new Error('unhandled on purpose'));
    break;
  default:
    throw new Error(`unknown ending ${ending}`);
}
