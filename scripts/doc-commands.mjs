#!/usr/bin/env node
// Prints the shell commands of a Markdown page: every ```sh block, in order, as one script (set -euo pipefail
// first). CI pipes it into bash, so the page's commands are exactly what runs.
//   node scripts/doc-commands.mjs docs/getting-started.md | bash
import { readFileSync } from 'node:fs';

const file = process.argv[2];
if (!file) {
  console.error('usage: doc-commands.mjs FILE.md');
  process.exit(2);
}
const text = readFileSync(file, 'utf8');
const blocks = [...text.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
if (blocks.length === 0) {
  console.error(`${file}: no sh blocks`);
  process.exit(1);
}
process.stdout.write(['set -euo pipefail', ...blocks.map((b, i) => `echo "== ${file}: block ${i + 1} of ${blocks.length}" >&2\n${b}`)].join('\n'));
