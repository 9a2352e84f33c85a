/** The one escaping function for Mermaid labels: a quoted label with `"` and markup characters as entities. */
export function mermaidLabel(s: string): string {
  return `"${s.replace(/[#"<>&]/g, (c) => `#${c.charCodeAt(0)};`).replace(/[\r\n]+/g, ' ')}"`;
}
