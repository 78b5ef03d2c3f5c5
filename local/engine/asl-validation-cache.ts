import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Which ASL texts the interpreter's validator (asl-validator, through
 * `new StateMachine`) has already accepted. Validation builds a fresh Ajv
 * and compiles every ASL schema on each call: ~180 ms per machine on an idle
 * core, six machines, over a second of every `sirp local` start. A definition
 * once accepted by the same validator versions is accepted again, so each
 * text is validated once per machine and then remembered; the engine's own
 * load checks (unsupported features, missing handlers) still run every time.
 */
export interface AslValidationCache {
  has(definition: string): boolean;
  remember(definition: string): void;
}

/** Remembers nothing: every load validates (tests of the loader, a read-only install). */
export const NO_VALIDATION_CACHE: AslValidationCache = { has: () => false, remember: () => undefined };

/**
 * One empty marker file per accepted definition, named by the SHA-256 of the
 * validators' versions and the text. A directory that cannot be written only
 * costs the time saved.
 *
 * @example
 * new WorkflowEngine({ ..., validationCache: fileValidationCache('node_modules/.cache/sirp-asl') });
 */
export function fileValidationCache(dir: string): AslValidationCache {
  const versions = `${packageVersion('asl-validator')}/${packageVersion('aws-local-stepfunctions')}`;
  const marker = (definition: string): string => join(dir, createHash('sha256').update(versions).update('\n').update(definition).digest('hex'));
  return {
    has: (definition) => existsSync(marker(definition)),
    remember: (definition) => {
      try {
        mkdirSync(dir, { recursive: true });
        writeFileSync(marker(definition), '');
      } catch {
        // Read-only or full: the next start validates again, nothing worse.
      }
    },
  };
}

/** The installed version, read from the package's own package.json (found upward from its entry point). */
function packageVersion(name: string): string {
  let dir = dirname(require.resolve(name));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === name) return pkg.version ?? 'unknown';
    }
    const parent = dirname(dir);
    if (parent === dir) return 'unknown';
    dir = parent;
  }
}
