import { type Plan, type PlanInput, PlanSchema } from '../../../core/plan/plan.schema';

/** Alice has both channels, Bob only email, Carol only a phone: every subscription shape appears. */
const contacts: PlanInput['contacts'] = [
  { id: 'alice', name: 'Alice Lead', email: 'alice@alpha.example', phone: '+14155550101', timeZone: 'Europe/Berlin' },
  { id: 'bob', name: 'Bob Deputy', email: 'bob@alpha.example', timeZone: 'Europe/Berlin' },
  { id: 'carol', name: 'Carol Exec', phone: '+14155550103', timeZone: 'America/New_York' },
];

/** An org with alarm prefixes, sensitive actions of two services and deletion protection on. */
export const alphaInput: PlanInput = {
  org: 'alpha',
  name: 'Alpha Test Org',
  aws: { account: '111111111111', region: 'eu-west-1' },
  contacts,
  rota: { timeZone: 'Europe/Berlin', default: { lead: 'alice', deputy: 'bob' } },
  executives: ['carol'],
  severity: {
    rules: [
      { name: 'prod-alarms', match: { source: 'cloudwatch', alarmNamePrefix: 'prod-' }, severity: 'sev2' },
      { name: 'security-alarms', match: { alarmNamePrefix: 'sec-' }, severity: 'sev1' },
      { name: 'guardduty-high', match: { source: 'guardduty', minFindingSeverity: 7 }, severity: 'sev2' },
    ],
  },
  sensitiveActions: ['iam:CreateAccessKey', 'iam:DeleteRolePolicy', 'cloudtrail:StopLogging'],
  approvals: { baseUrl: 'https://ir.alpha.example' },
};

/** A second org in the same account and region, with deletion protection off and no alarm prefixes. */
export const bravoInput: PlanInput = {
  ...alphaInput,
  org: 'bravo',
  name: 'Bravo Test Org',
  deletionProtection: false,
  severity: { rules: [{ name: 'all-alarms', match: { source: 'cloudwatch' }, severity: 'sev3' }] },
  sensitiveActions: [],
  approvals: { baseUrl: 'https://ir.bravo.example' },
};

export const alphaPlan: Plan = PlanSchema.parse(alphaInput);
export const bravoPlan: Plan = PlanSchema.parse(bravoInput);
