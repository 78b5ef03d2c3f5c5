import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ValidationError } from '../../../../core/errors/sirp-error';
import { loadPlanFile, parsePlanText, type PlanParseResult } from '../../../../core/plan/load-plan';
import type { PlanInput } from '../../../../core/plan/plan.schema';
import { validPlanInput } from './plan-fixture';

const ROOT = join(__dirname, '../../../..');

const yamlOf = (plan: unknown): string => stringify(plan);

function planYamlWith(change: (plan: PlanInput) => void): string {
  const plan = validPlanInput();
  change(plan);
  return yamlOf(plan);
}

function issuesOf(result: PlanParseResult): { readonly path: string; readonly message: string }[] {
  if (result.ok) throw new Error('expected the plan to be refused');
  return result.issues;
}

describe('parsePlanText: valid plans', () => {
  it('reads the fixture plan written as YAML', () => {
    const result = parsePlanText(yamlOf(validPlanInput()));

    expect(result.ok).toBe(true);
    expect(result.ok && result.plan.org).toBe('testorg');
  });

  it('reads a plan written as JSON, which is YAML', () => {
    const result = parsePlanText(JSON.stringify(validPlanInput(), null, 2));

    expect(result.ok && result.plan.contacts.map((c) => c.id)).toEqual(['lena', 'dev', 'eve', 'cam', 'staff']);
  });

  it('applies defaults and reads durations written in the plan', () => {
    const result = parsePlanText(planYamlWith((p) => { p.gates = { alert: { timeout: '5m' } }; }));

    expect(result.ok && result.plan.gates.alert.timeout).toBe(300);
    expect(result.ok && result.plan.gates.learn.timeout).toBe(604800);
  });
});

describe('parsePlanText: invalid plans', () => {
  it('reports all three mistakes of a plan, each by path and with what was received', () => {
    const text = planYamlWith((p) => {
      p.org = 'Test_Org';
      p.contacts[2]!.phone = '(415) 555-0103';
      p.rota.timeZone = 'Mars/Olympus_Mons';
    });

    expect(issuesOf(parsePlanText(text))).toEqual([
      { path: 'org', message: 'must be DNS-safe: 3-32 lowercase letters, digits and dashes, got "Test_Org"' },
      { path: 'contacts[2].phone', message: 'must be E.164, like "+14155550123", got "(415) 555-0103"' },
      { path: 'rota.timeZone', message: 'must be an IANA time zone, like "Europe/Berlin", got "Mars/Olympus_Mons"' },
    ]);
  });

  it('says what was received when a number is out of range', () => {
    const text = planYamlWith((p) => {
      p.severity = { rules: [{ name: 'gd', match: { minFindingSeverity: 11 }, severity: 'sev1' }] };
    });

    expect(issuesOf(parsePlanText(text))).toEqual([
      { path: 'severity.rules[0].match.minFindingSeverity', message: 'Too big: expected number to be <=10, got 11' },
    ]);
  });

  it('says a missing field is required and what type it takes', () => {
    const plan: Partial<PlanInput> = validPlanInput();
    delete plan.approvals;

    expect(issuesOf(parsePlanText(yamlOf(plan)))).toEqual([{ path: 'approvals', message: 'is required (expected object)' }]);
  });

  it('reports a cross-field problem by path without echoing the whole plan', () => {
    const text = planYamlWith((p) => { p.escalation = { chain: ['ghost'] }; });

    expect(issuesOf(parsePlanText(text))).toEqual([{ path: 'escalation.chain[0]', message: '"ghost" is not a contact in this plan' }]);
  });

  it('names a misspelt top-level field at the root', () => {
    const text = yamlOf({ ...validPlanInput(), escalations: { chain: [] } });

    expect(issuesOf(parsePlanText(text))).toEqual([{ path: '$', message: 'Unrecognized key: "escalations"' }]);
  });

  it('refuses an empty file', () => {
    expect(issuesOf(parsePlanText(''))).toEqual([{ path: '$', message: 'Invalid input: expected object, received null' }]);
  });

  it('refuses a YAML list in place of the plan', () => {
    expect(issuesOf(parsePlanText('- org: acme\n')).map((i) => i.path)).toEqual(['$']);
  });
});

describe('parsePlanText: YAML', () => {
  it('reports a syntax error by line', () => {
    const text = 'org: acme\nname: Acme\ncontacts: [ { id: rita\nrota: {}\n';
    const issues = issuesOf(parsePlanText(text));

    expect(issues.length).toBeGreaterThan(0);
    expect(issues.map((i) => i.path)).toContain('line 4');
    for (const issue of issues) expect(issue.path).toMatch(/^line [1-9]\d*$/);
  });

  it('reports an unclosed quote at the line where the text runs out', () => {
    expect(issuesOf(parsePlanText('org: acme\nname: "Acme\n\n'))).toEqual([{ path: 'line 4', message: 'Missing closing "quote' }]);
  });

  it('refuses a key written twice, at the second one', () => {
    const text = 'org: acme\nname: Acme\norg: other\n';

    expect(issuesOf(parsePlanText(text))).toEqual([{ path: 'line 3', message: 'Map keys must be unique' }]);
  });

  it('refuses a key written twice in a nested mapping', () => {
    const text = yamlOf(validPlanInput()).replace('  timeZone: Europe/Berlin\n  default:', '  timeZone: Europe/Berlin\n  timeZone: UTC\n  default:');

    expect(issuesOf(parsePlanText(text)).map((i) => i.message)).toEqual(['Map keys must be unique']);
  });

  it('refuses aliases, which a plan has no use for', () => {
    const text = yamlOf(validPlanInput()).replace('executives:\n  - eve', 'executives: &execs\n  - eve').replace(
      'approvals:',
      'spare: *execs\napprovals:',
    );

    expect(text).toContain('*execs');
    expect(issuesOf(parsePlanText(text))).toEqual([{ path: '$', message: 'cannot be read: Alias resolution is disabled' }]);
  });

  it('refuses a "billion laughs" document without expanding it', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);

    expect(issuesOf(parsePlanText(lines.join('\n')))).toEqual([{ path: '$', message: 'cannot be read: Alias resolution is disabled' }]);
  });
});

describe('parsePlanText: size', () => {
  it('refuses a plan larger than 512 KB before parsing it', () => {
    const text = `${yamlOf(validPlanInput())}#${'x'.repeat(512 * 1024)}\n`;

    expect(issuesOf(parsePlanText(text))).toEqual([{ path: '$', message: 'is larger than 512 KB' }]);
  });

  it('counts bytes, not characters', () => {
    const comment = `#${'é'.repeat(262_144)}\n`; // 262,144 characters, 524,289 bytes

    expect(issuesOf(parsePlanText(comment))).toEqual([{ path: '$', message: 'is larger than 512 KB' }]);
  });

  it('accepts a plan of exactly 512 KB', () => {
    const text = yamlOf(validPlanInput());
    const padded = `${text}#${'x'.repeat(512 * 1024 - Buffer.byteLength(text) - 1)}`;

    expect(Buffer.byteLength(padded)).toBe(512 * 1024);
    expect(parsePlanText(padded).ok).toBe(true);
  });
});

describe('loadPlanFile', () => {
  it('loads the example plan (Northwind)', () => {
    const plan = loadPlanFile(join(ROOT, 'orgs/example.yaml'));

    expect(plan.org).toBe('example');
    expect(plan.contacts).toHaveLength(19);
    expect(plan.rota.shifts).toHaveLength(3);
    expect(plan.gates.learn.timeout).toBe(604800);
    expect(plan.containment.actions.filter((a) => a.extraordinary).map((a) => a.id)).toEqual(['revoke-role-sessions', 'take-product-offline']);
  });

  it('loads the acme plan, filling in its defaults', () => {
    const plan = loadPlanFile(join(ROOT, 'orgs/acme.yaml'));

    expect(plan.org).toBe('acme');
    expect(plan.deletionProtection).toBe(false);
    expect(plan.severity).toMatchObject({ default: 'sev3', threshold: 'sev4' });
    expect(plan.escalation).toEqual({ chain: ['june'], acknowledgementWindow: 1800 });
    expect(plan.gates.alert.timeout).toBe(900);
  });

  describe('with a broken plan file', () => {
    let dir: string;

    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'sirp-plan-'));
    });

    afterEach(() => {
      rmSync(dir, { recursive: true, force: true });
    });

    it('throws a ValidationError listing every problem', () => {
      const file = join(dir, 'broken.yaml');
      writeFileSync(file, planYamlWith((p) => { p.org = 'X'; p.executives = ['ghost']; }));

      let thrown: unknown;
      try {
        loadPlanFile(file);
      } catch (error) {
        thrown = error;
      }

      expect(thrown).toBeInstanceOf(ValidationError);
      const error = thrown as ValidationError;
      expect(error.issues.map((i) => i.path)).toEqual(['org', 'executives[0]', 'containment.actions[1].approvers[0]']);
      expect(error.message).toContain('executives[0]: "ghost" is not a contact in this plan');
    });

    it('throws a ValidationError naming the line of a YAML error', () => {
      const file = join(dir, 'broken.yaml');
      writeFileSync(file, 'org: acme\norg: acme\n');

      expect(() => loadPlanFile(file)).toThrow(new ValidationError([{ path: 'line 2', message: 'Map keys must be unique' }]));
    });

    it('lets a missing file fail as the file system reports it', () => {
      expect(() => loadPlanFile(join(dir, 'absent.yaml'))).toThrow(/ENOENT/);
    });
  });
});
