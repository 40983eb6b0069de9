import { defineConfig } from 'vitest/config'

// Tests run against each package's TypeScript sources through the `@boleto/source` export condition,
// so `vitest` needs no build; smoke tests that spawn `node` use the built `dist/` instead.
// Vite's default server conditions, after ours.
const conditions = ['@boleto/source', 'module', 'node', 'development|production']

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    reporters: ['default', './vitest.summary-reporter.ts'],
    projects: [
      {
        extends: true,
        // Property tests run thousands of cases; 2-core CI machines need more than the 5 s default.
        test: { name: 'unit', include: ['packages/*/src/**/*.unit.spec.ts'], testTimeout: 60_000 },
      },
      {
        extends: true,
        test: {
          name: 'int',
          include: ['packages/*/src/**/*.int.spec.ts', 'packages/*/test/**/*.int.spec.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
})
