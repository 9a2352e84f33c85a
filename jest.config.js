import { spawnSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import vm from 'node:vm';

// The tests are ES modules ("type": "module", extensionsToTreatAsEsm), and Jest runs ES modules only in a Node
// started with --experimental-vm-modules, the flag that gives node:vm its SourceTextModule
// (https://jestjs.io/docs/ecmascript-modules). `npm run jest -- <file>` passes it; a plain `npx jest <file>` (Jest's
// own bin) is run again here with the flag, so that both work. Jest loads this file once, in its main process.
if (typeof vm.SourceTextModule !== 'function') {
  const jestBin = realpathSync(createRequire(import.meta.url).resolve('jest/bin/jest'));
  const started = process.argv[1] === undefined ? '' : realpathSync(process.argv[1]);
  if (started !== jestBin) {
    throw new Error(
      "jslc's tests are ES modules: run Jest under node --experimental-vm-modules, e.g. npm run jest -- test/<file>.test.ts " +
        '(or NODE_OPTIONS=--experimental-vm-modules before the command)',
    );
  }
  const again = spawnSync(process.execPath, ['--experimental-vm-modules', ...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit' });
  if (again.signal) process.kill(process.pid, again.signal);
  process.exit(again.status ?? 1);
}

/** @type {import('jest').Config} */
const config = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    '^jslc$': '<rootDir>/src/index.ts',
    '^jslc/testing$': '<rootDir>/src/testing/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  testTimeout: 120000,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.cjs'],
};

export default config;
