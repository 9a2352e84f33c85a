import { readFileSync } from 'node:fs';

const ASSETS = new URL('../../../assets/', import.meta.url);
const cache = new Map<string, string>();

/** A file from the package's `assets/` directory (shipped with jslc). */
export function asset(path: string): string {
  let text = cache.get(path);
  if (text === undefined) {
    text = readFileSync(new URL(path, ASSETS), 'utf8');
    cache.set(path, text);
  }
  return text;
}

/**
 * A shell script from `assets/scripts/`, with its directives expanded:
 * `#@prelude` (the common Go set-up) and `#@list NAME`, which appends
 * `$JSLC_NAME_0 … $JSLC_NAME_<COUNT-1>` to the positional parameters. The
 * `eval` there only ever sees a variable name built from an integer.
 */
export function script(name: string): string {
  return asset(`scripts/${name}`)
    .split('\n')
    .map((line) => {
      if (line === '#@prelude') return asset('scripts/_prelude.sh').trimEnd();
      const list = /^#@list ([A-Z_]+)$/.exec(line);
      if (list) {
        const n = list[1]!;
        return ['i=0', `while [ "$i" -lt "\${JSLC_${n}_COUNT:-0}" ]; do`, `  eval "set -- \\"\\$@\\" \\"\\\${JSLC_${n}_$i}\\""`, '  i=$((i + 1))', 'done'].join(
          '\n',
        );
      }
      return line;
    })
    .join('\n');
}

/** Every script resource a library ships, by file name. */
export const SCRIPT_NAMES = [
  'git-exclude.sh',
  'git-tags.sh',
  'go-modules.sh',
  'go-vet.sh',
  'go-test.sh',
  'go-build.sh',
  'image-build.sh',
  'image-push.sh',
  'image-oci.sh',
  'cosign-sign.sh',
  'run-command.sh',
] as const;
export type ScriptName = (typeof SCRIPT_NAMES)[number];
