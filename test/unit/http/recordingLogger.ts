// A Logger that keeps every line, so specs can assert on what reached the log and what never did.

import type { Logger } from '../../../tasks/DatabricksRepoSyncV1/src/log';

export interface RecordingLogger extends Logger {
  lines: { level: 'info' | 'debug' | 'warning'; message: string }[];
  all(): string[];
}

export function recordingLogger(): RecordingLogger {
  const lines: RecordingLogger['lines'] = [];
  return {
    lines,
    info: (message) => lines.push({ level: 'info', message }),
    debug: (message) => lines.push({ level: 'debug', message }),
    warning: (message) => lines.push({ level: 'warning', message }),
    all: () => lines.map((line) => line.message),
  };
}
