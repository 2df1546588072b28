/** Unit tests are fast and pure; integration and e2e tests start real servers. */
const transform = { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] };
module.exports = {
  testEnvironment: 'node',
  transform,
  testMatch: ['<rootDir>/tests/**/*.test.ts'],
  testTimeout: 30000,
};
