// Runs the emulator by hand: `npm run emulator -- [--latency <ms>] [--port <n>] [--no-seed] [--json]` (--help says
// more). Prints the URL, the CA file (for NODE_EXTRA_CA_CERTS) and the demo seed; stops on Ctrl+C (SIGINT) or SIGTERM
// and removes its files.

import { startEmulator, type DemoSeed, type Emulator } from './index';
import { readCliArguments, USAGE, type CliOptions } from './cliOptions';

const USAGE_ERROR = 2;

function printStarted(emulator: Emulator, options: CliOptions, seed: DemoSeed | undefined): void {
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ url: emulator.url, caFile: emulator.caFile, seed })}\n`);
    return;
  }
  process.stdout.write(`emulator listening at ${emulator.url}\nCA file: ${emulator.caFile}  (export NODE_EXTRA_CA_CERTS=${emulator.caFile})\n`);
  if (seed !== undefined) {
    // the PEM blocks are long: the file holding them is enough on screen
    const shown = { ...seed, application: { ...seed.application, certificate: `(see ${seed.application.certificatePemFile})` } };
    process.stdout.write(`demo seed (test values only):\n${JSON.stringify(shown, null, 2)}\n`);
  }
  process.stdout.write('Ctrl+C stops it.\n');
}

/** Stops on the first SIGINT/SIGTERM (removing the CA and seed files); a second one ends the process at once. */
function stopOnSignals(emulator: Emulator): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) process.exit(signal === 'SIGINT' ? 130 : 143);
    stopping = true;
    emulator.stop().then(
      () => process.exit(0),
      (error: unknown) => fail(error),
    );
  };
  // `on`, not `once`: tempFolders.ts leaves the ending to a process that keeps its own handler.
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

function fail(error: unknown): never {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const message = error instanceof Error ? error.message : String(error);
  const hint = code === 'EADDRINUSE' ? ' (the port is taken: pick another with --port, or --port 0 for any free one)' : '';
  process.stderr.write(`emulator: ${message}${hint}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  const request = readCliArguments(process.argv.slice(2));
  if (request.kind === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  if (request.kind === 'usageError') {
    process.stderr.write(`emulator: ${request.message}\n\n${USAGE}`);
    process.exit(USAGE_ERROR);
  }
  const { options } = request;
  const emulator = await startEmulator({ latencyMs: options.latencyMs, port: options.port });
  stopOnSignals(emulator);
  const seed = options.seed ? await emulator.seedDemo() : undefined;
  printStarted(emulator, options, seed);
}

main().catch(fail);
