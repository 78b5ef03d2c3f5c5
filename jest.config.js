// Jest runs TypeScript through SWC (fast, no type check: `npm run typecheck` does that).
// @middy/core 7 and a few other dependencies ship ESM only, so they are transformed too.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.(t|j|mj)sx?$': ['@swc/jest', { jsc: { target: 'es2023', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }],
  },
  // @middy/core 7 exports only an `import` condition, which require() (jest, tsx) cannot resolve.
  moduleNameMapper: { '^@middy/(core|util)$': '<rootDir>/node_modules/@middy/$1/index.js' },
  transformIgnorePatterns: ['/node_modules/(?!(@middy)/)'],
  coverageProvider: 'v8',
  collectCoverageFrom: ['core/**/*.ts'],
  coverageThreshold: { './core/': { lines: 100, branches: 100, functions: 100, statements: 100 } },
  testTimeout: 30000,
};
