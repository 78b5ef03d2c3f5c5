import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadOrgPlans, PlanSelectionError } from '../../../lib/org-plans';
import { alphaInput } from './plans';

let dir = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sirp-plans-'));
  writeFileSync(join(dir, 'zulu.yaml'), stringify({ ...alphaInput, org: 'zulu' }));
  writeFileSync(join(dir, 'yankee.yml'), stringify({ ...alphaInput, org: 'yankee' }));
  writeFileSync(join(dir, 'README.md'), 'not a plan');
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('loadOrgPlans', () => {
  it('loads every plan file of the directory, in name order', () => {
    expect(loadOrgPlans({ dir }).map((p) => p.org)).toEqual(['yankee', 'zulu']);
  });

  it('loads only the org asked for', () => {
    expect(loadOrgPlans({ dir, org: 'zulu' }).map((p) => p.org)).toEqual(['zulu']);
  });

  it('names the known orgs when asked for an unknown one', () => {
    expect(() => loadOrgPlans({ dir, org: 'nope' })).toThrow(PlanSelectionError);
    expect(() => loadOrgPlans({ dir, org: 'nope' })).toThrow(`unknown org "nope": the plans in ${dir} are yankee, zulu`);
  });

  it('refuses a file whose org is not its name', () => {
    const wrong = mkdtempSync(join(tmpdir(), 'sirp-plans-'));
    writeFileSync(join(wrong, 'zulu.yaml'), stringify({ ...alphaInput, org: 'xray' }));
    expect(() => loadOrgPlans({ dir: wrong })).toThrow(/zulu\.yaml declares org "xray": the file must be named xray\.yaml/);
    rmSync(wrong, { recursive: true, force: true });
  });

  it('names the file and the field of an invalid plan', () => {
    const bad = mkdtempSync(join(tmpdir(), 'sirp-plans-'));
    writeFileSync(join(bad, 'zulu.yaml'), stringify({ ...alphaInput, org: 'zulu', approvals: { baseUrl: 'not a url' } }));
    expect(() => loadOrgPlans({ dir: bad })).toThrow(/zulu\.yaml is not a valid plan: .*approvals\.baseUrl/);
    rmSync(bad, { recursive: true, force: true });
  });

  it('refuses a directory without plans', () => {
    const empty = mkdtempSync(join(tmpdir(), 'sirp-plans-'));
    expect(() => loadOrgPlans({ dir: empty })).toThrow(/no organization plans/);
    rmSync(empty, { recursive: true, force: true });
  });
});
