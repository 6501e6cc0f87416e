// The values registered as secrets in this run, so that text the task cuts to a length is masked before the cut:
// the agent masks whole values only, and a token cut in two would show its head.

const MASK = '***';
const registered = new Set<string>();

/** Remembers a value the agent was told to mask (agent.ts calls this beside tl.setSecret). */
export function rememberSecret(value: string): void {
  if (value.trim() !== '') registered.add(value);
}

/** The text with every registered secret replaced by `***`, longest first so that a secret inside another goes too. */
export function maskSecrets(text: string): string {
  if (registered.size === 0 || text === '') return text;
  let masked = text;
  for (const secret of [...registered].sort((a, b) => b.length - a.length)) {
    if (masked.includes(secret)) masked = masked.split(secret).join(MASK);
  }
  return masked;
}

/** Tests only: forget every value. */
export function forgetSecrets(): void {
  registered.clear();
}
