// Preloaded into the task's process by `npm run bench` (NODE_OPTIONS=--require): at exit, appends the process's peak
// resident set size in kB (getrusage ru_maxrss, what GNU `time -v` reports) to the file named by BENCH_MAXRSS_FILE.
'use strict';
const fs = require('node:fs');

const file = process.env.BENCH_MAXRSS_FILE;
if (file) {
  process.on('exit', () => fs.appendFileSync(file, `${process.resourceUsage().maxRSS}\n`));
}
