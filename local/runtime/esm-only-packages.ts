import { registerHooks } from 'node:module';

/**
 * `@middy/core` 7 and `@middy/util` publish only an `import` condition, and
 * tsx compiles them to CommonJS when the CLI or a bench loads them through
 * `require`: `@middy/core`'s own `import "@middy/util"` then fails with
 * ERR_PACKAGE_PATH_NOT_EXPORTED. This hook resolves such a package again with
 * the `import` condition, which Node 24's require(esm) can load. Jest does the
 * same with its moduleNameMapper; the Lambda bundles (esbuild, ESM) need
 * nothing. Load it before anything that imports a handler.
 */
const ESM_ONLY = /^@middy\//;

registerHooks({
  resolve(specifier, context, nextResolve) {
    try {
      return nextResolve(specifier, context);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ERR_PACKAGE_PATH_NOT_EXPORTED' || !ESM_ONLY.test(specifier)) throw error;
      return nextResolve(specifier, { ...context, conditions: [...context.conditions, 'import'] });
    }
  },
});
