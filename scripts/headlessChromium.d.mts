// Types of headlessChromium.mjs for the TypeScript scripts.
export function findChromium(): string | undefined;
export function runChromium(chromium: string, temp: string, size: [number, number], mode: string[], url: string): string;
export function measurePageHeight(chromium: string, temp: string, width: number, url: string): number;
export const MEASURE_SCRIPT: string;
