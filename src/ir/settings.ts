import type { StageCommon } from './types.js';

/**
 * A stage has settings of its own (when, agent, timeout, retry, post): it cannot be moved into a helper method
 * (chunking) or opened up into parts (scheduling) without changing what those settings apply to.
 */
export function hasOwnSettings(s: StageCommon): boolean {
  return s.when !== undefined || s.agent !== undefined || s.timeout !== undefined || s.retry !== undefined || s.post !== undefined;
}
