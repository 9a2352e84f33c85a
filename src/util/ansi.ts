/**
 * Colour-free output: whether a stream may receive ANSI colour, and removing ANSI escape sequences from text that jslc
 * passes through from a child process (Maven, CodeNarc, the verifier JVM), which prints colour codes even when told
 * not to (Maven writes `ESC[0m` with `-B -Dstyle.color=never`).
 *
 * The rules of {@link colourAllowed}, in order (the first that applies decides):
 *
 * 1. `NO_COLOR` set to any non-empty value: no colour (https://no-color.org/: "when present and not an empty string
 *    (regardless of its value), prevents the addition of ANSI color").
 * 2. `FORCE_COLOR` set: colour, unless its value is `0` or `false` (as Node's own `tty` and the `supports-color`
 *    package read it; an empty value forces colour there too). This is how CI systems whose log viewers render colour
 *    (GitHub Actions, GitLab) ask for it although the output is not a terminal.
 * 3. `NODE_DISABLE_COLORS` set to any non-empty value (Node's own switch): no colour.
 * 4. `TERM=dumb`: no colour.
 * 5. Otherwise colour exactly when the stream is a terminal (`isTTY`).
 *
 * @module
 */

/**
 * One ANSI escape sequence (ECMA-48): a CSI sequence (`ESC [` or the 8-bit `CSI`, parameter bytes, intermediate
 * bytes, a final byte: SGR colours, cursor moves, erase), an OSC sequence (`ESC ]` … `BEL` or `ESC \`: titles,
 * hyperlinks), or a two-byte escape (`ESC` and one byte of 0x30–0x7E, e.g. `ESC c`, `ESC 7`).
 */
const ANSI_ESCAPE = /\u001b\[[0-?]*[ -/]*[@-~]|\u009b[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[0-Z\\^-~]/g;

/** `text` without its ANSI escape sequences (colours, cursor moves, OSC titles and hyperlinks); everything else kept. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI_ESCAPE, '');
}

/** The part of a stream {@link colourAllowed} looks at: `process.stdout`, `process.stderr`, or any writable. */
export interface MaybeTty {
  /** True for a terminal (Node sets it on `tty.WriteStream`s). */
  readonly isTTY?: boolean;
}

/** The environment variables {@link colourAllowed} reads. */
export type ColourEnv = Readonly<Record<string, string | undefined>>;

/** Whether ANSI colour may be written to `stream` (the rules are in this module's comment). */
export function colourAllowed(stream: MaybeTty, env: ColourEnv = process.env): boolean {
  const noColor = env['NO_COLOR'];
  if (noColor !== undefined && noColor !== '') return false;
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  const nodeDisable = env['NODE_DISABLE_COLORS'];
  if (nodeDisable !== undefined && nodeDisable !== '') return false;
  if (env['TERM'] === 'dumb') return false;
  return stream.isTTY === true;
}

/**
 * Text from a child process as it may be written to `stream`: unchanged when colour is allowed there, else without
 * its ANSI escape sequences.
 */
export function forStream(text: string, stream: MaybeTty, env: ColourEnv = process.env): string {
  return colourAllowed(stream, env) ? text : stripAnsi(text);
}
