// Multi-line inputs: one entry a line, surrounding spaces and blank lines ignored (YAML block scalars add both).

export function nonBlankLines(text: string | undefined): string[] {
  return (text ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}
