import { readFileSync } from 'node:fs';

/** The version of this jslc package (from its package.json). */
export const JSLC_VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
