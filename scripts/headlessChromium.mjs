// Headless Chromium for the one-off pictures (the classic-editor preview, the rendered overview): found on the
// machine, run with no network, and its profile and scratch files kept in the caller's temp folder.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** The Chromium binary, or undefined: CHROMIUM_PATH first, then Debian's and Ubuntu's places. */
export function findChromium() {
  return CANDIDATES.find((candidate) => candidate && fs.existsSync(candidate));
}

/** Runs Chromium once on `url` at `size` ([width, height]) with `mode` (--dump-dom, --screenshot=…); its stdout. */
export function runChromium(chromium, temp, size, mode, url) {
  const profile = fs.mkdtempSync(path.join(temp, 'profile-'));
  const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-extensions',
    '--disable-default-apps', '--disable-domain-reliability', '--no-pings', '--disable-client-side-phishing-detection',
    // The flags above still leave Chromium's own update and account checks running; these make each of them fail
    // at name resolution, before any connection, whatever Chromium version is installed. file:// and data: still load.
    '--proxy-server=http://127.0.0.1:9', '--host-resolver-rules=MAP * ~NOTFOUND',
    `--user-data-dir=${profile}`, '--hide-scrollbars', '--force-device-scale-factor=1',
    `--window-size=${size[0]},${size[1]}`, ...mode, url];
  // Chromium's own scratch files go into the temp folder too, so nothing stays in the temp directory.
  const env = { ...process.env, TMPDIR: temp, HOME: temp };
  const result = spawnSync(chromium, args, { encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024, env });
  if (result.status !== 0) throw new Error(`chromium exited with ${result.status ?? result.signal}:\n${result.stderr}`);
  return result.stdout;
}

/**
 * The height of the page at `url` laid out `width` pixels wide: the page writes it into `data-height` on <html>
 * (MEASURE_SCRIPT), and the DOM Chromium dumps carries it out.
 */
export function measurePageHeight(chromium, temp, width, url) {
  const dom = runChromium(chromium, temp, [width, 2000], ['--dump-dom'], url);
  const height = Number(/data-height="(\d+)"/.exec(dom)?.[1]);
  if (!height) throw new Error('Could not measure the page height from the dumped DOM.');
  return height;
}

/** The script a page includes so that measurePageHeight can read its height. */
export const MEASURE_SCRIPT =
  '<script>document.documentElement.dataset.height = Math.ceil(document.documentElement.getBoundingClientRect().height);</script>';
