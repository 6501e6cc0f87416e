// Runs the emulator by hand: `npx tsx test/emulator/cli.ts [--latency <ms>] [--port <n>] [--no-seed] [--json]`.
// Prints the URL, the CA file (for NODE_EXTRA_CA_CERTS) and the demo seed; stops on Ctrl+C (SIGINT) or SIGTERM.

import { startEmulator } from './index';

interface CliOptions {
  latencyMs: number;
  port: number;
  seed: boolean;
  json: boolean;
}

function readOptions(argv: string[]): CliOptions {
  const options: CliOptions = { latencyMs: 0, port: 0, seed: true, json: false };
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index];
    if (argument === '--latency' || argument === '--port') {
      const value = Number(argv[index + 1]);
      if (!Number.isInteger(value) || value < 0) {
        throw new Error(`${argument} needs a non-negative integer`);
      }
      options[argument === '--latency' ? 'latencyMs' : 'port'] = value;
      index += 1;
    } else if (argument === '--no-seed') {
      options.seed = false;
    } else if (argument === '--json') {
      options.json = true;
    } else {
      throw new Error(`unknown argument ${argument}; use --latency <ms>, --port <n>, --no-seed, --json`);
    }
  }
  return options;
}

async function main(): Promise<void> {
  const options = readOptions(process.argv.slice(2));
  const emulator = await startEmulator({ latencyMs: options.latencyMs, port: options.port });
  const seed = options.seed ? await emulator.seedDemo() : undefined;
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ url: emulator.url, caFile: emulator.caFile, seed })}\n`);
  } else {
    process.stdout.write(`emulator listening at ${emulator.url}\nCA file: ${emulator.caFile}  (export NODE_EXTRA_CA_CERTS=${emulator.caFile})\n`);
    if (seed !== undefined) {
      // the PEM blocks are long: the file holding them is enough on screen
      const shown = { ...seed, application: { ...seed.application, certificate: `(see ${seed.application.certificatePemFile})` } };
      process.stdout.write(`demo seed (test values only):\n${JSON.stringify(shown, null, 2)}\n`);
    }
    process.stdout.write('Ctrl+C stops it.\n');
  }
  const stop = (): void => {
    void emulator.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`emulator: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
