import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileValidationCache, type AslValidationCache } from '../../../local/engine/asl-validation-cache';
import { EngineLoadError, WorkflowEngine } from '../../../local/engine/engine';
import { RuntimeClock } from '../../../local/engine/runtime-clock';
import { ACCOUNT, REGION } from './engine-harness';

const dirs: string[] = [];
const newDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'sirp-asl-cache-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const valid = JSON.stringify({ StartAt: 'Only', States: { Only: { Type: 'Pass', End: true } } });
// asl-validator refuses a transition to a state that does not exist; the engine's own checks do not look at it.
const dangling = JSON.stringify({ StartAt: 'Only', States: { Only: { Type: 'Pass', Next: 'Nowhere' } } });

const load = (definition: string, validationCache: AslValidationCache): WorkflowEngine =>
  new WorkflowEngine({ clock: new RuntimeClock({ speed: 0 }), region: REGION, accountId: ACCOUNT, machines: [{ name: 'only', definition }], lambdas: {}, validationCache });

describe('the ASL validation cache', () => {
  it('remembers a definition the validator accepted, and only that text', () => {
    const cache = fileValidationCache(newDir());
    expect(cache.has(valid)).toBe(false);
    load(valid, cache);
    expect([cache.has(valid), cache.has(`${valid} `)]).toEqual([true, false]);
  });

  it('refuses an invalid definition at load and does not remember it', () => {
    const dir = newDir();
    const cache = fileValidationCache(dir);
    expect(() => load(dangling, cache)).toThrow(EngineLoadError);
    expect(cache.has(dangling)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('skips the validator for a remembered text (the saving it exists for)', () => {
    const cache: AslValidationCache = { has: (d) => d === dangling, remember: () => undefined };
    expect(() => load(dangling, cache)).not.toThrow();
  });

  it('costs only the time when its directory cannot be written', () => {
    const file = join(newDir(), 'a-file');
    writeFileSync(file, '');
    // A directory under a regular file cannot be made, even by root.
    const cache = fileValidationCache(join(file, 'cache'));
    expect(() => load(valid, cache)).not.toThrow();
    expect(cache.has(valid)).toBe(false);
  });
});
