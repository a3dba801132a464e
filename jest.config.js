/**
 * Jest in ESM mode with ts-jest; type checking is `npm run typecheck`'s job.
 * Two projects: the unit and API tests, and the browser tests of the web apps (test/e2e,
 * headless Chromium against a real server). The browser tests do not depend on the database
 * kind, so CI's second pass (TEST_DB=pglite) leaves them out rather than run them twice.
 */
const base = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, diagnostics: false }],
  },
};

const projects = [
  { ...base, displayName: 'api', testMatch: ['<rootDir>/test/**/*.test.ts'], testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/'] },
];
if (process.env.TEST_DB !== 'pglite' || process.env.E2E === '1') {
  projects.push({ ...base, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.e2e.test.ts'] });
}

export default {
  projects,
  testTimeout: 60000,
  maxWorkers: 2,
};
