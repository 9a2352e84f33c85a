/**
 * The one escaping function for YAML (Kubernetes pod templates): a
 * double-quoted YAML scalar, which is a JSON string restricted to ASCII.
 */
export function yamlString(s: string): string {
  return JSON.stringify(s).replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}
