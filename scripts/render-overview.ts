// Renders overview.md as the Marketplace shows it (GitHub-flavoured markdown in a column of the item page) and
// screenshots it, so a person can read the page as a picture before it is published. The page is cut into strips one
// column wide, and three strips side by side make one picture: docs/overview-rendered/overview-N.png.
// Usage: node --import ./test/support/tsxWithoutDiskCache.mjs scripts/render-overview.ts [--strips] [--out <folder>]
//   --strips      write the strips themselves (strip-NN.png, 860 x 1100 px: easy to read one by one)
//   --out <dir>   where the pictures go (default docs/overview-rendered; earlier pictures of the same kind are replaced)
// Needs Debian's chromium and cmark-gfm (GitHub's own markdown renderer): apt-get install -y chromium cmark-gfm; with
// pngquant as well the pictures are a third of the size. One-off check, not part of tests or CI. No network: images
// are read from the repository, fonts are local, and every host name Chromium might look up fails at once.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { makeTempFolder, removeTempFolder } from '../test/support/tempFolders';
import { MEASURE_SCRIPT, findChromium, measurePageHeight, runChromium } from './headlessChromium.mjs';

const root = path.resolve(__dirname, '..');
const STRIPS_ONLY = process.argv.includes('--strips');
const outIndex = process.argv.indexOf('--out');
const outDir = path.resolve(outIndex > 0 && process.argv[outIndex + 1] ? process.argv[outIndex + 1] : path.join(root, 'docs', 'overview-rendered'));
/** The width of the overview column of a Marketplace item page on a desktop screen, about. */
const COLUMN = 860;
const STRIP_HEIGHT = STRIPS_ONLY ? 1100 : 2800;
const STRIPS_PER_PICTURE = 3;
const GAP = 24;
const MAX_PICTURE_BYTES = 1024 * 1024;

function need(file: string | undefined, install: string): string {
  if (file && fs.existsSync(file)) return file;
  console.error(`${install} is needed and was not found. Install it (Debian, as root): apt-get install -y ${install}`);
  process.exit(1);
}

/** GitHub-flavoured markdown to HTML, raw HTML left out as the Marketplace leaves it out. */
function markdownToHtml(markdown: string): string {
  const cmark = need('/usr/bin/cmark-gfm', 'cmark-gfm');
  const extensions = ['table', 'autolink', 'strikethrough', 'tagfilter'].flatMap((name) => ['--extension', name]);
  const result = spawnSync(cmark, [...extensions, '--to', 'html'], { input: markdown, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`cmark-gfm failed: ${result.stderr}`);
  return result.stdout;
}

/** Heading ids as GitHub and the Marketplace make them, so the page's own links can be checked. */
function withHeadingIds(html: string): { html: string; ids: Set<string> } {
  const ids = new Set<string>();
  const out = html.replace(/<h([1-6])>([\s\S]*?)<\/h\1>/g, (_whole, level: string, inner: string) => {
    const text = inner.replace(/<[^>]*>/g, '').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
    const id = text.toLowerCase().trim().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
    ids.add(id);
    return `<h${level} id="${id}">${inner}</h${level}>`;
  });
  return { html: out, ids };
}

/** Images of the repository as data URIs: the page then loads nothing from anywhere. */
function inlineImages(html: string): string {
  return html.replace(/<img src="([^"]+)"/g, (whole, src: string) => {
    const file = path.join(root, src);
    if (/^[a-z]+:/i.test(src) || !fs.existsSync(file)) return whole;
    return `<img src="data:image/png;base64,${fs.readFileSync(file).toString('base64')}"`;
  });
}

const CSS = `
  * { box-sizing: border-box; }
  html, body { margin: 0; background: #fff; }
  body { width: ${COLUMN}px; padding: 16px 24px; color: #323130; font-size: 14px; line-height: 1.5;
    font-family: "Segoe UI", -apple-system, BlinkMacSystemFont, Roboto, "Helvetica Neue", "Liberation Sans", Arial, sans-serif; }
  h1, h2, h3, h4 { font-weight: 600; line-height: 1.25; margin: 24px 0 12px; }
  h1 { font-size: 28px; } h2 { font-size: 22px; border-bottom: 1px solid #e1dfdd; padding-bottom: 6px; }
  h3 { font-size: 17px; } h4 { font-size: 15px; }
  a { color: #0078d4; text-decoration: none; }
  code { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 12.5px; background: #f3f2f1; padding: 1px 4px; border-radius: 3px; }
  pre { background: #f6f8fa; padding: 10px 12px; border-radius: 4px; overflow: auto; line-height: 1.4; }
  pre code { background: none; padding: 0; }
  table { border-collapse: collapse; margin: 12px 0; display: block; overflow: auto; }
  th, td { border: 1px solid #d0d7de; padding: 5px 9px; vertical-align: top; text-align: left; }
  th { background: #f6f8fa; }
  img { max-width: 100%; }
  li + li { margin-top: 4px; }
`;

function pageHtml(body: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>overview.md</title><style>${CSS}</style></head><body>${body}
${MEASURE_SCRIPT}
<script>const offset = Number(new URLSearchParams(location.search).get('offset') || 0);
document.body.style.transform = 'translateY(' + -offset + 'px)';</script></body></html>`;
}

/** The page's links to its own headings that lead nowhere. */
function brokenAnchors(html: string, ids: Set<string>): string[] {
  return [...html.matchAll(/href="#([^"]*)"/g)].map((match) => match[1]).filter((id) => !ids.has(decodeURIComponent(id)));
}

/** Strips of one column side by side, each under its number, as one page to screenshot. */
function sheetHtml(strips: string[], first: number, total: number): string {
  const cells = strips
    .map((file, index) => {
      const data = fs.readFileSync(file).toString('base64');
      return `<figure><figcaption>part ${first + index} of ${total}</figcaption><img src="data:image/png;base64,${data}"></figure>`;
    })
    .join('');
  const css = `html, body { margin: 0; background: #e1dfdd; } body { display: flex; gap: ${GAP}px; padding: ${GAP / 2}px; align-items: flex-start; }
    figure { margin: 0; } figcaption { font: 13px "Liberation Sans", Arial, sans-serif; color: #605e5c; padding: 0 0 6px 2px; }
    img { display: block; box-shadow: 0 1px 3px rgba(0,0,0,.25); }`;
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><style>${css}</style></head><body>${cells}</body></html>`;
}

/** pngquant, when installed, cuts a picture of text to about a third at no visible loss. */
function shrink(file: string): void {
  if (!fs.existsSync('/usr/bin/pngquant')) return;
  const result = spawnSync('/usr/bin/pngquant', ['--quality=80-100', '--speed', '1', '--force', '--output', file, file]);
  if (result.status !== 0 && result.status !== 99) console.warn(`pngquant left ${path.basename(file)} as it was (exit ${result.status}).`);
}

function report(file: string, size: [number, number]): void {
  const bytes = fs.statSync(file).size;
  const warning = bytes > MAX_PICTURE_BYTES ? ' (over 1 MB)' : '';
  console.log(`Wrote ${path.relative(process.cwd(), file)}: ${size[0]}x${size[1]} px, ${(bytes / 1024).toFixed(0)} KB${warning}.`);
}

/** Removes the pictures an earlier run left with the same pattern: a shorter page makes fewer of them. */
function clearOld(pattern: RegExp): void {
  fs.mkdirSync(outDir, { recursive: true });
  for (const old of fs.readdirSync(outDir).filter((name) => pattern.test(name))) fs.rmSync(path.join(outDir, old));
}

function main(): void {
  const chromium = need(findChromium(), 'chromium');
  const { html, ids } = withHeadingIds(markdownToHtml(fs.readFileSync(path.join(root, 'overview.md'), 'utf8')));
  const broken = brokenAnchors(html, ids);
  if (broken.length > 0) console.warn(`Links to headings that do not exist: ${broken.map((id) => `#${id}`).join(', ')}`);

  const temp = makeTempFolder('render-overview-');
  try {
    const pageFile = path.join(temp, 'overview.html');
    fs.writeFileSync(pageFile, pageHtml(inlineImages(html)));
    const pageUrl = pathToFileURL(pageFile).href;
    const height = measurePageHeight(chromium, temp, COLUMN, pageUrl);

    const stripDir = STRIPS_ONLY ? outDir : temp;
    if (STRIPS_ONLY) clearOld(/^strip-\d+\.png$/);
    const strips: string[] = [];
    for (let offset = 0; offset < height; offset += STRIP_HEIGHT) {
      const strip = path.join(stripDir, `strip-${String(strips.length + 1).padStart(2, '0')}.png`);
      const size: [number, number] = [COLUMN, Math.min(STRIP_HEIGHT, height - offset)];
      runChromium(chromium, temp, size, [`--screenshot=${strip}`], `${pageUrl}?offset=${offset}`);
      strips.push(strip);
      if (STRIPS_ONLY) report(strip, size);
    }
    if (!STRIPS_ONLY) {
      clearOld(/^overview-\d+\.png$/);
      for (let first = 0; first < strips.length; first += STRIPS_PER_PICTURE) {
        const group = strips.slice(first, first + STRIPS_PER_PICTURE);
        const sheetFile = path.join(temp, `sheet-${first}.html`);
        fs.writeFileSync(sheetFile, sheetHtml(group, first + 1, strips.length));
        const size: [number, number] = [STRIPS_PER_PICTURE * (COLUMN + GAP), STRIP_HEIGHT + GAP + 22];
        const picture = path.join(outDir, `overview-${first / STRIPS_PER_PICTURE + 1}.png`);
        runChromium(chromium, temp, size, [`--screenshot=${picture}`], pathToFileURL(sheetFile).href);
        shrink(picture);
        report(picture, size);
      }
    }
    console.log(`The page is ${height} px tall at ${COLUMN} px wide: ${strips.length} strips.`);
  } finally {
    removeTempFolder(temp);
  }
}

main();
