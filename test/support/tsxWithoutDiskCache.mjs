// Loads tsx (for `node --import` and mocha's `import`) without its disk cache, which tsx keeps in the temp directory
// as tsx-<uid>: with it a run would leave that folder behind on a clean machine. Costs about 2 s per unit-suite run.
process.env.TSX_DISABLE_CACHE = '1';
await import('tsx');
