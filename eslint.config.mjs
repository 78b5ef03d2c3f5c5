// typescript-eslint strict + type-checked rules: bans `any`, floating promises;
// eslint-plugin-jest bans skipped and focused tests.
import tseslint from 'typescript-eslint';
import jest from 'eslint-plugin-jest';

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', '.sirp/', 'coverage/', 'test-output/', '.scratch*/', '**/*.js', '**/*.mjs', 'local/console/assets/**'] },
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['test/**/*.ts'],
    ...jest.configs['flat/recommended'],
    rules: {
      ...jest.configs['flat/recommended'].rules,
      'jest/no-disabled-tests': 'error',
      'jest/no-focused-tests': 'error',
      // CDK assertion tests assert through the Template API.
      'jest/expect-expect': ['warn', { assertFunctionNames: ['expect', 'intakeRule', 'template.*', '*.hasResourceProperties', '*.resourceCountIs', '*.hasResource', '*.hasOutput', 'expect*'] }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
