import { join } from 'node:path';
import { loadPlanFile } from '../../../../core/plan/load-plan';
import { PlanSchema } from '../../../../core/plan/plan.schema';
import { summarizePlan } from '../../../../core/plan/summarize-plan';
import { validPlan, validPlanInput } from './plan-fixture';

const ROOT = join(__dirname, '../../../..');

/** The summary line that starts with `label`, without the label. */
function line(summary: string, label: string): string {
  const found = summary.split('\n').find((l) => l.startsWith(`  ${label} `));
  if (found === undefined) throw new Error(`no "${label}" line in:\n${summary}`);
  return found.slice(2 + label.length).trim();
}

describe('summarizePlan', () => {
  it('summarizes the example plan on one screen', () => {
    expect(summarizePlan(loadPlanFile(join(ROOT, 'orgs/example.yaml')))).toBe(
      [
        'Northwind Analytics (example): plan is valid',
        '  contacts        19 (12 reachable by SMS)',
        '  on call         Maya Chen (deputy Tom Okafor) by default, 3 shift(s) in Europe/London',
        '  escalation      holder -> deputy -> Daniel Weiss -> Grace Lin (CISO); acknowledged gates wait 30m',
        '  gate timeouts   alert 15m, mobilize 1h, contain 4h, recover 8h, learn 7d',
        '  severity        10 rule(s), default sev3, ignore below sev3; auto-mobilize sev1',
        '  engagement      sev1: engineering+communications+pr+legal+customer-support+executives; sev2: engineering+communications+legal; sev3: engineering; sev4: -',
        '  sync cadence    response 4h, engineering 1h, communications 2h; reminders by email',
        '  containment     6 action(s), 2 extraordinary (revoke-role-sessions, take-product-offline)',
        '  audiences       executives, employees, customers, partners',
        '  sensitive calls 8 CloudTrail action(s)',
        '  links           https://ir.northwind.example',
        '  deletion        protected (table retained)',
      ].join('\n'),
    );
  });

  it('fits on one screen', () => {
    const summary = summarizePlan(loadPlanFile(join(ROOT, 'orgs/example.yaml')));

    expect(summary.split('\n').length).toBeLessThanOrEqual(24);
  });

  it('warns when the table is deleted with the stack, and says when nothing auto-mobilizes', () => {
    const summary = summarizePlan(loadPlanFile(join(ROOT, 'orgs/acme.yaml')));

    expect(line(summary, 'deletion')).toBe('NOT protected: the table is deleted with the stack');
    expect(line(summary, 'severity')).toBe('2 rule(s), default sev3, ignore below sev4; auto-mobilize none');
    expect(line(summary, 'engagement')).toBe(
      'sev1: engineering+communications+executives; sev2: engineering+communications; sev3: engineering; sev4: -',
    );
  });

  it('says "none" where a plan has no audiences or extraordinary actions', () => {
    const input = validPlanInput();
    input.communications = { audiences: {} };
    input.containment = { actions: [] };
    const summary = summarizePlan(PlanSchema.parse(input));

    expect(line(summary, 'audiences')).toBe('none');
    expect(line(summary, 'containment')).toBe('0 action(s), 0 extraordinary (none)');
  });

  it('shows people by name and an escalation chain of holder and deputy only', () => {
    const input = validPlanInput();
    input.escalation = { chain: [] };
    const summary = summarizePlan(PlanSchema.parse(input));

    expect(line(summary, 'on call')).toBe('Lena Lead (deputy Dev Deputy) by default, 1 shift(s) in Europe/Berlin');
    expect(line(summary, 'escalation')).toBe('holder -> deputy; acknowledged gates wait 30m');
  });

  it('shows an id that names no contact as the id itself', () => {
    const plan = validPlan();
    const summary = summarizePlan({ ...plan, escalation: { ...plan.escalation, chain: ['eve', 'retired-ciso'] } });

    expect(line(summary, 'escalation')).toBe('holder -> deputy -> Eve Executive -> retired-ciso; acknowledged gates wait 30m');
  });

  it('shows durations exactly, in the largest whole unit', () => {
    const input = validPlanInput();
    input.gates = { alert: { timeout: '90s' }, mobilize: { timeout: '120m' }, contain: { timeout: '48h' }, recover: { timeout: '1500m' }, learn: { timeout: '30s' } };
    input.escalation = { chain: [], acknowledgementWindow: '86400s' };
    const summary = summarizePlan(PlanSchema.parse(input));

    expect(line(summary, 'gate timeouts')).toBe('alert 90s, mobilize 2h, contain 2d, recover 25h, learn 30s');
    expect(line(summary, 'escalation')).toBe('holder -> deputy; acknowledged gates wait 1d');
  });

  it('counts contacts reachable by SMS', () => {
    expect(line(summarizePlan(validPlan()), 'contacts')).toBe('5 (3 reachable by SMS)');
  });
});
