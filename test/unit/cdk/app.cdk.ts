import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { PROJECT_ROOT } from '../../../lib/project-paths';
import { alphaInput } from './plans';

/** Runs bin/app.ts as `cdk synth` would, with context and an output directory. */
function runApp(context: Record<string, unknown>) {
  const out = mkdtempSync(join(tmpdir(), 'sirp-cdk-out-'));
  const result = spawnSync(process.execPath, [require.resolve('tsx/cli'), 'bin/app.ts'], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    env: { ...process.env, CDK_OUTDIR: out, CDK_CONTEXT_JSON: JSON.stringify({ plansDir, ...context }) },
    timeout: 120_000,
  });
  const manifest = join(out, 'manifest.json');
  const stacks = existsSync(manifest)
    ? Object.entries((JSON.parse(readFileSync(manifest, 'utf8')) as { artifacts: Record<string, { type: string }> }).artifacts)
        .filter(([, a]) => a.type === 'aws:cloudformation:stack')
        .map(([name]) => name)
        .sort()
    : [];
  return { status: result.status, stderr: result.stderr, out, stacks };
}

const skipBundling = { 'aws:cdk:bundling-stacks': [] };
let plansDir = '';
const outs: string[] = [];

beforeAll(() => {
  plansDir = mkdtempSync(join(tmpdir(), 'sirp-orgs-'));
  writeFileSync(join(plansDir, 'zulu.yaml'), stringify({ ...alphaInput, org: 'zulu', approvals: { baseUrl: 'https://ir.zulu.example' } }));
  writeFileSync(join(plansDir, 'yankee.yaml'), stringify({ ...alphaInput, org: 'yankee' }));
});

afterAll(() => {
  for (const dir of [plansDir, ...outs]) rmSync(dir, { recursive: true, force: true });
});

describe('bin/app.ts', () => {
  it('synthesizes one stack per plan file, with cdk-nag passing', () => {
    const run = runApp(skipBundling);
    outs.push(run.out);
    expect(run.stderr).not.toMatch(/Validation failed|error/i);
    expect(run.status).toBe(0);
    expect(run.stacks).toEqual(['sirp-yankee', 'sirp-zulu']);
  });

  it('synthesizes only the org named with -c org', () => {
    const run = runApp({ ...skipBundling, org: 'zulu' });
    outs.push(run.out);
    expect(run.status).toBe(0);
    expect(run.stacks).toEqual(['sirp-zulu']);
  });

  it('refuses an unknown org and lists the known ones', () => {
    const run = runApp({ org: 'nope' });
    outs.push(run.out);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`sirp: unknown org "nope": the plans in ${plansDir} are yankee, zulu`);
    expect(run.stacks).toEqual([]);
  });

  it('bundles the validated plan into the triage function with the local esbuild', () => {
    const run = runApp({ org: 'zulu' });
    outs.push(run.out);
    expect(run.status).toBe(0);
    const template = JSON.parse(readFileSync(join(run.out, 'sirp-zulu.template.json'), 'utf8')) as {
      Resources: Record<string, { Type: string; Properties: { FunctionName?: string; Code?: { S3Key: string } } }>;
    };
    const triage = Object.values(template.Resources).find((r) => r.Properties.FunctionName === 'sirp-zulu-triage')!;
    const bundle = readFileSync(join(run.out, `asset.${triage.Properties.Code!.S3Key.replace(/\.zip$/, '')}`, 'index.mjs'), 'utf8');
    expect(bundle.includes('ir.zulu.example')).toBe(true);
    expect(bundle.includes('process.env.SIRP_PLAN_JSON')).toBe(false);
  });
});
