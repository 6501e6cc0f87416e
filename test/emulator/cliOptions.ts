// The emulator CLI's flags: the usage text, and reading argv into options, or into a message in the CLI's own words
// for a usage error (cli.ts then prints it with the usage and exits with code 2).

export interface CliOptions {
  latencyMs: number;
  port: number;
  seed: boolean;
  json: boolean;
}

export type CliRequest = { kind: 'run'; options: CliOptions } | { kind: 'help' } | { kind: 'usageError'; message: string };

const MAX_PORT = 65535;
// Beyond a minute every client gives up anyway; past 2^31-1 ms Node's timers would fire at once instead.
const MAX_LATENCY_MS = 60_000;

export const USAGE = `Usage: npm run emulator -- [options]

Starts the local emulator of Entra ID, Azure DevOps (OIDC) and the Databricks REST API on https://127.0.0.1 with a
certificate made on the spot, seeds the demo world and prints the URL, the CA file and the seed. Ctrl+C (or SIGTERM)
stops it and removes its CA file and the seed's certificate file.

Options:
  --port <n>       port to listen on, 0 to ${MAX_PORT} (default 0: any free port)
  --latency <ms>   milliseconds added to every answer, 0 to ${MAX_LATENCY_MS} (default 0)
  --no-seed        start with an empty world instead of the demo seed
  --json           print one line of JSON {url, caFile, seed} instead of the text
  -h, --help       print this help and exit
`;

const usageError = (message: string): CliRequest => ({ kind: 'usageError', message });

/** `--flag=value` as well as `--flag value`. */
function splitInline(argument: string): [string, string | undefined] {
  const equals = argument.startsWith('--') ? argument.indexOf('=') : -1;
  return equals > 0 ? [argument.slice(0, equals), argument.slice(equals + 1)] : [argument, undefined];
}

/** The value after a flag, unless the next argument is another option (a negative number counts as a value). */
function takeValue(rest: string[]): string | undefined {
  const next = rest[0];
  if (next === undefined || next.startsWith('--') || next === '-h') return undefined;
  return rest.shift();
}

function whole(text: string, max: number): number | undefined {
  return /^\d{1,6}$/.test(text) && Number(text) <= max ? Number(text) : undefined;
}

/** Reads the CLI's arguments (process.argv.slice(2)). */
export function readCliArguments(argv: readonly string[]): CliRequest {
  const options: CliOptions = { latencyMs: 0, port: 0, seed: true, json: false };
  const rest = [...argv];
  for (let argument = rest.shift(); argument !== undefined; argument = rest.shift()) {
    const [flag, inline] = splitInline(argument);
    if (flag === '-h' || flag === '--help') return { kind: 'help' };
    if (flag === '--no-seed' || flag === '--json') {
      if (inline !== undefined) return usageError(`${flag} takes no value`);
      if (flag === '--no-seed') options.seed = false;
      else options.json = true;
    } else if (flag === '--port' || flag === '--latency') {
      const text = inline ?? takeValue(rest);
      if (text === undefined || text === '') return usageError(`${flag} needs a value: ${flag === '--port' ? '--port <n>' : '--latency <ms>'}`);
      const value = whole(text, flag === '--port' ? MAX_PORT : MAX_LATENCY_MS);
      if (flag === '--port') {
        if (value === undefined) return usageError(`--port must be an integer from 0 to ${MAX_PORT}, not "${text}"`);
        options.port = value;
      } else {
        if (value === undefined) return usageError(`--latency must be a whole number of milliseconds from 0 to ${MAX_LATENCY_MS}, not "${text}"`);
        options.latencyMs = value;
      }
    } else {
      return usageError(argument.startsWith('-') ? `unknown option ${flag}` : `unexpected argument "${argument}"`);
    }
  }
  return { kind: 'run', options };
}
