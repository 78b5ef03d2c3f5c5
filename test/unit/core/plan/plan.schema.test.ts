import { type PlanInput, PlanSchema } from '../../../../core/plan/plan.schema';
import { validPlanInput } from './plan-fixture';

interface Problem {
  readonly path: string;
  readonly message: string;
}

/** Every problem zod reports, path joined with dots. */
function problems(input: unknown): Problem[] {
  const result = PlanSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

/** A fresh fixture plan with `change` applied to it. */
function planWith(change: (plan: PlanInput) => void): PlanInput {
  const plan = validPlanInput();
  change(plan);
  return plan;
}

const shift = { days: ['mon' as const], from: '09:00', to: '17:00', lead: 'lena', deputy: 'dev' };

describe('PlanSchema: a valid plan', () => {
  it('accepts the fixture plan', () => {
    expect(problems(validPlanInput())).toEqual([]);
  });

  it('reads durations as seconds', () => {
    const plan = PlanSchema.parse(
      planWith((p) => {
        p.gates = { alert: { timeout: '10m' }, learn: { timeout: '3d' } };
        p.escalation = { chain: [], acknowledgementWindow: '45m' };
        p.correlation = { window: '2h' };
        p.sync = { response: '90s' };
      }),
    );

    expect(plan.gates.alert.timeout).toBe(600);
    expect(plan.gates.learn.timeout).toBe(259200);
    expect(plan.gates.contain.timeout).toBe(14400);
    expect(plan.escalation.acknowledgementWindow).toBe(2700);
    expect(plan.correlation.window).toBe(7200);
    expect(plan.sync).toEqual({ response: 90, engineering: 3600, communications: 7200, channels: ['email'] });
  });

  it('applies the defaults to everything a plan leaves out', () => {
    const input = validPlanInput();
    const minimal = {
      org: input.org,
      name: input.name,
      contacts: input.contacts,
      rota: { timeZone: 'Europe/Berlin', default: { lead: 'lena', deputy: 'dev' } },
      approvals: input.approvals,
    };

    expect(PlanSchema.parse(minimal)).toEqual({
      ...minimal,
      aws: {},
      deletionProtection: true,
      rota: { ...minimal.rota, shifts: [] },
      executives: [],
      stakeholders: {},
      severity: { default: 'sev3', threshold: 'sev4', rules: [] },
      sensitiveActions: [],
      correlation: { window: 3600 },
      autoMobilize: [],
      engagement: {},
      gates: {
        alert: { timeout: 900 },
        mobilize: { timeout: 3600 },
        contain: { timeout: 14400 },
        recover: { timeout: 28800 },
        learn: { timeout: 604800 },
      },
      escalation: { chain: [], acknowledgementWindow: 1800 },
      sync: { response: 14400, engineering: 3600, communications: 7200, channels: ['email'] },
      communications: { audiences: {} },
      containment: { actions: [] },
    });
  });

  it('applies the defaults inside sections that are only partly written', () => {
    const plan = PlanSchema.parse(
      planWith((p) => {
        p.severity = { threshold: 'sev2' };
        p.escalation = { chain: ['eve'] };
      }),
    );

    expect(plan.severity).toEqual({ default: 'sev3', threshold: 'sev2', rules: [] });
    expect(plan.escalation).toEqual({ chain: ['eve'], acknowledgementWindow: 1800 });
  });

  it('makes an action ordinary, for containment, with no approvers unless told otherwise', () => {
    expect(PlanSchema.parse(validPlanInput()).containment.actions[0]).toEqual({
      id: 'disable-access-key',
      title: 'Disable IAM access key',
      kind: 'disable-iam-access-key',
      phase: 'contain',
      extraordinary: false,
      approvers: [],
    });
  });

  it('accepts an AWS account id and region', () => {
    const plan = PlanSchema.parse(planWith((p) => { p.aws = { account: '123456789012', region: 'us-gov-west-1' }; }));

    expect(plan.aws).toEqual({ account: '123456789012', region: 'us-gov-west-1' });
  });
});

describe('PlanSchema: sync reminder channels', () => {
  it('sends reminders by email unless the plan adds SMS', () => {
    expect(PlanSchema.parse(planWith((p) => { p.sync = { channels: ['email', 'sms'] }; })).sync.channels).toEqual(['email', 'sms']);
  });

  it('names the bad channel, an empty list and a repeated channel', () => {
    expect(problems(planWith((p) => { p.sync = { channels: ['email', 'pager' as 'sms'] }; }))).toEqual([{ path: 'sync.channels.1', message: 'must be "email" or "sms"' }]);
    expect(problems(planWith((p) => { p.sync = { channels: [] }; }))).toEqual([{ path: 'sync.channels', message: 'must name at least one channel, like [email]' }]);
    expect(problems(planWith((p) => { p.sync = { channels: ['sms', 'sms'] }; }))).toEqual([{ path: 'sync.channels', message: 'must not name a channel twice' }]);
  });
});

describe('PlanSchema: contacts', () => {
  it('refuses a duplicate contact id at the second occurrence', () => {
    const plan = planWith((p) => { p.contacts.push({ id: 'dev', name: 'Another Dev', email: 'dev2@test.example', timeZone: 'UTC' }); });

    expect(problems(plan)).toEqual([{ path: 'contacts.5.id', message: 'duplicate contact id "dev"' }]);
  });

  it('refuses a contact with neither email nor phone', () => {
    const plan = planWith((p) => { p.contacts[3] = { id: 'cam', name: 'Cam Comms', timeZone: 'Europe/Berlin' }; });

    expect(problems(plan)).toEqual([
      { path: 'contacts.3.email', message: 'needs an email or a phone: a contact nobody can reach cannot respond' },
    ]);
  });

  it('refuses a phone number that is not E.164', () => {
    const plan = planWith((p) => { p.contacts[2]!.phone = '(415) 555-0103'; });

    expect(problems(plan)).toEqual([{ path: 'contacts.2.phone', message: 'must be E.164, like "+14155550123"' }]);
  });

  it('refuses a contact time zone that does not exist', () => {
    const plan = planWith((p) => { p.contacts[0]!.timeZone = 'Europe/Bonn'; });

    expect(problems(plan)).toEqual([{ path: 'contacts.0.timeZone', message: 'must be an IANA time zone, like "Europe/Berlin"' }]);
  });

  it('refuses a plan without contacts, and then every reference to one', () => {
    const found = problems(planWith((p) => { p.contacts = []; }));

    expect(found[0]?.path).toBe('contacts');
    expect(found).toContainEqual({ path: 'rota.default.lead', message: '"lena" is not a contact in this plan' });
  });
});

describe('PlanSchema: organization', () => {
  it.each(['Acme', 'ac', 'acme-', '1acme', 'acme_widgets', `a${'b'.repeat(32)}`])('refuses the org id %j', (org) => {
    expect(problems(planWith((p) => { p.org = org; }))).toEqual([
      { path: 'org', message: 'must be DNS-safe: 3-32 lowercase letters, digits and dashes' },
    ]);
  });

  it.each(['abc', 'acme-widgets', `a${'b'.repeat(31)}`])('accepts the org id %j', (org) => {
    expect(problems(planWith((p) => { p.org = org; }))).toEqual([]);
  });

  it('refuses an AWS account id that is not 12 digits and a region that is not a region', () => {
    expect(problems(planWith((p) => { p.aws = { account: '12345', region: 'Frankfurt' }; }))).toEqual([
      { path: 'aws.account', message: 'must be a 12-digit AWS account id' },
      { path: 'aws.region', message: 'must be an AWS region like "eu-west-1"' },
    ]);
  });

  it('refuses approval links that are not http(s)', () => {
    expect(problems(planWith((p) => { p.approvals = { baseUrl: 'ftp://ir.test.example' }; }))).toEqual([
      { path: 'approvals.baseUrl', message: 'must be an http(s) URL' },
    ]);
  });

  it('refuses a field it does not know, so a typo is not silently ignored', () => {
    const plan = { ...validPlanInput(), escalations: { chain: [] } };

    expect(problems(plan)).toEqual([{ path: '', message: 'Unrecognized key: "escalations"' }]);
  });
});

describe('PlanSchema: rota', () => {
  it('refuses a rota time zone that does not exist', () => {
    expect(problems(planWith((p) => { p.rota.timeZone = 'Berlin/Mitte'; }))).toEqual([
      { path: 'rota.timeZone', message: 'must be an IANA time zone, like "Europe/Berlin"' },
    ]);
  });

  it('refuses a default lead or deputy who is not a contact', () => {
    expect(problems(planWith((p) => { p.rota.default = { lead: 'ghost', deputy: 'phantom' }; }))).toEqual([
      { path: 'rota.default.lead', message: '"ghost" is not a contact in this plan' },
      { path: 'rota.default.deputy', message: '"phantom" is not a contact in this plan' },
    ]);
  });

  it('refuses a default pair where the lead is their own deputy', () => {
    expect(problems(planWith((p) => { p.rota.default = { lead: 'lena', deputy: 'lena' }; }))).toEqual([
      { path: 'rota.default.deputy', message: 'the deputy must be someone other than the lead' },
    ]);
  });

  it('refuses a shift whose lead is not a contact and whose deputy is the lead', () => {
    expect(problems(planWith((p) => { p.rota.shifts = [shift, { ...shift, lead: 'ghost', deputy: 'ghost' }]; }))).toEqual([
      { path: 'rota.shifts.1.lead', message: '"ghost" is not a contact in this plan' },
      { path: 'rota.shifts.1.deputy', message: '"ghost" is not a contact in this plan' },
      { path: 'rota.shifts.1.deputy', message: 'the deputy must be someone other than the lead' },
    ]);
  });

  it('refuses a shift that starts and ends at the same time', () => {
    expect(problems(planWith((p) => { p.rota.shifts = [{ ...shift, from: '08:00', to: '08:00' }]; }))).toEqual([
      { path: 'rota.shifts.0.to', message: 'a shift must not start and end at the same time' },
    ]);
  });

  it('accepts an overnight shift that ends before it starts', () => {
    expect(problems(planWith((p) => { p.rota.shifts = [{ ...shift, from: '17:00', to: '08:00' }]; }))).toEqual([]);
  });

  it.each(['24:00', '8:00', '08:60', '0800'])('refuses the clock time %j', (time) => {
    expect(problems(planWith((p) => { p.rota.shifts = [{ ...shift, from: time }]; }))).toEqual([
      { path: 'rota.shifts.0.from', message: 'must be a 24-hour time like "08:00"' },
    ]);
  });

  it('refuses a shift on no day, or on a day that does not exist', () => {
    expect(problems(planWith((p) => { p.rota.shifts = [{ ...shift, days: [] }]; })).map((i) => i.path)).toEqual(['rota.shifts.0.days']);
    const badDay = { ...validPlanInput(), rota: { ...validPlanInput().rota, shifts: [{ ...shift, days: ['monday'] }] } };
    expect(problems(badDay).map((i) => i.path)).toEqual(['rota.shifts.0.days.0']);
  });
});

describe('PlanSchema: references', () => {
  it('refuses an executive who is not a contact', () => {
    expect(problems(planWith((p) => { p.executives = ['eve', 'ghost']; }))).toEqual([
      { path: 'executives.1', message: '"ghost" is not a contact in this plan' },
    ]);
  });

  it('refuses a stakeholder who is not a contact', () => {
    expect(problems(planWith((p) => { p.stakeholders = { engineering: ['dev'], legal: ['counsel'], communications: ['cam'], executives: ['eve'] }; }))).toEqual([
      { path: 'stakeholders.legal.0', message: '"counsel" is not a contact in this plan' },
    ]);
  });

  it('refuses a stakeholder group that does not exist', () => {
    const plan = { ...validPlanInput(), stakeholders: { ...validPlanInput().stakeholders, marketing: ['cam'] } };

    expect(problems(plan).map((i) => i.path)).toEqual(['stakeholders']);
  });

  it('refuses someone in the escalation chain who is not a contact', () => {
    expect(problems(planWith((p) => { p.escalation = { chain: ['eve', 'ciso'] }; }))).toEqual([
      { path: 'escalation.chain.1', message: '"ciso" is not a contact in this plan' },
    ]);
  });

  it('refuses an audience recipient who is not a contact', () => {
    const plan = planWith((p) => {
      p.communications = { audiences: { customers: { description: 'Customers', recipients: ['staff', 'customer-list'] } } };
    });

    expect(problems(plan)).toEqual([
      { path: 'communications.audiences.customers.recipients.1', message: '"customer-list" is not a contact in this plan' },
    ]);
  });

  it('refuses an audience without recipients and an audience that does not exist', () => {
    const plan = {
      ...validPlanInput(),
      communications: { audiences: { employees: { description: 'Everyone', recipients: [] }, press: { description: 'Press', recipients: ['cam'] } } },
    };

    expect(problems(plan).map((i) => i.path)).toEqual(['communications.audiences.employees.recipients', 'communications.audiences']);
  });

  it('reports every broken reference at once', () => {
    const plan = planWith((p) => {
      p.executives = ['ghost'];
      p.escalation = { chain: ['ghost'] };
      p.rota.default = { lead: 'ghost', deputy: 'dev' };
    });

    expect(problems(plan).map((i) => i.path)).toEqual(['rota.default.lead', 'executives.0', 'escalation.chain.0', 'containment.actions.1.approvers.0']);
  });
});

describe('PlanSchema: engagement', () => {
  it('refuses engaging a group that has nobody in it', () => {
    expect(problems(planWith((p) => { p.engagement = { sev1: ['engineering', 'legal'] }; }))).toEqual([
      { path: 'engagement.sev1.1', message: 'group "legal" has nobody in stakeholders.legal' },
    ]);
  });

  it('refuses engaging a group listed with an empty list of people', () => {
    const plan = planWith((p) => {
      p.stakeholders = { engineering: ['dev'], pr: [] };
      p.engagement = { sev2: ['pr'] };
    });

    expect(problems(plan)).toEqual([{ path: 'engagement.sev2.0', message: 'group "pr" has nobody in stakeholders.pr' }]);
  });

  it('accepts a severity that engages nobody', () => {
    expect(problems(planWith((p) => { p.engagement = { sev4: [] }; }))).toEqual([]);
  });
});

describe('PlanSchema: containment actions', () => {
  const action = { id: 'isolate', title: 'Isolate instance', kind: 'isolate-ec2-instance' as const };

  it('refuses an extraordinary action without approvers', () => {
    expect(problems(planWith((p) => { p.containment = { actions: [{ ...action, extraordinary: true }] }; }))).toEqual([
      { path: 'containment.actions.0.approvers', message: 'an extraordinary action needs at least one executive who may approve it' },
    ]);
  });

  it('refuses an approver who is not one of the executives', () => {
    const plan = planWith((p) => { p.containment = { actions: [{ ...action, extraordinary: true, approvers: ['eve', 'lena'] }] }; });

    expect(problems(plan)).toEqual([{ path: 'containment.actions.0.approvers.1', message: '"lena" is not one of the plan\'s executives' }]);
  });

  it('refuses two actions with the same id', () => {
    expect(problems(planWith((p) => { p.containment = { actions: [action, { ...action, title: 'Again' }] }; }))).toEqual([
      { path: 'containment.actions.1.id', message: 'duplicate action id "isolate"' },
    ]);
  });

  it('refuses an action kind no adapter carries out', () => {
    const plan = { ...validPlanInput(), containment: { actions: [{ ...action, kind: 'wipe-account' }] } };

    expect(problems(plan).map((i) => i.path)).toEqual(['containment.actions.0.kind']);
  });
});

describe('PlanSchema: severity and intake', () => {
  it('refuses a severity rule that matches on nothing', () => {
    expect(problems(planWith((p) => { p.severity = { rules: [{ name: 'everything', match: {}, severity: 'sev1' }] }; }))).toEqual([
      { path: 'severity.rules.0.match', message: 'a rule must match on something' },
    ]);
  });

  it('refuses a CloudTrail action that is not service:Action', () => {
    expect(problems(planWith((p) => { p.sensitiveActions = ['iam:CreateUser', 'CreateAccessKey']; }))).toEqual([
      { path: 'sensitiveActions.1', message: 'must be like "iam:CreateAccessKey"' },
    ]);
  });

  it('refuses a GuardDuty severity outside 0-10 and an unknown label', () => {
    const plan = {
      ...validPlanInput(),
      severity: { rules: [{ name: 'gd', match: { minFindingSeverity: 11, labels: ['SEVERE'] }, severity: 'sev1' }] },
    };

    expect(problems(plan).map((i) => i.path)).toEqual(['severity.rules.0.match.minFindingSeverity', 'severity.rules.0.match.labels.0']);
  });

  it('refuses a gate timeout that is not a duration', () => {
    expect(problems(planWith((p) => { p.gates = { contain: { timeout: 'four hours' } }; }))).toEqual([
      { path: 'gates.contain.timeout', message: 'must be a duration like "90s", "15m", "4h" or "7d", or a whole number of seconds' },
    ]);
  });
});
