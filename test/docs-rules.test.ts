import { readFileSync } from 'node:fs';
import { RULES } from '../src/validate/rules.js';

// docs/dsl.md lists the rule catalogue; it must name every rule code.
test('docs/dsl.md documents every validation rule', () => {
  const doc = readFileSync('docs/dsl.md', 'utf8');
  const missing = Object.keys(RULES).filter((code) => !doc.includes(code));
  expect(missing).toEqual([]);
});
