/**
 * The one Groovy printer: owns indentation, blocks and line endings. Emitters
 * hand it code fragments whose user-supplied parts were already escaped with
 * `groovyString`/`groovyLiteral`.
 */
export class GroovyWriter {
  private readonly lines: string[] = [];
  private depth = 0;

  /** One line at the current indentation (an empty string gives an empty line). */
  line(text = ''): this {
    this.lines.push(text === '' ? '' : '    '.repeat(this.depth) + text);
    return this;
  }

  /**
   * Constant code (no user data): each line of `text` at the current
   * indentation plus its own. Common leading indentation is removed.
   */
  code(text: string): this {
    const rows = text.replace(/^\n/, '').replace(/\s+$/, '').split('\n');
    const indent = Math.min(...rows.filter((r) => r.trim() !== '').map((r) => /^ */.exec(r)![0].length));
    for (const r of rows) this.line(r.slice(indent));
    return this;
  }

  /** `head {`, the body one level deeper, then `}`. */
  block(head: string, body: (w: this) => void): this {
    this.line(`${head} {`);
    this.depth++;
    body(this);
    this.depth--;
    return this.line('}');
  }

  /** The text, with a final newline. */
  toString(): string {
    return this.lines.join('\n') + '\n';
  }
}
