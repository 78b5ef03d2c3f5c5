import { type Plan, type PlanInput, PlanSchema } from '../../../../core/plan/plan.schema';

/**
 * A small valid plan, as it is written (before defaults). Every call returns a
 * fresh object, so a test can break one field without touching the others:
 *
 * @example
 * const input = validPlanInput();
 * input.executives = ['nobody'];
 * expect(PlanSchema.safeParse(input).success).toBe(false);
 */
export function validPlanInput(): PlanInput {
  return {
    org: 'testorg',
    name: 'Test Organization',
    contacts: [
      { id: 'lena', name: 'Lena Lead', email: 'lena@test.example', phone: '+14155550101', timeZone: 'Europe/Berlin' },
      { id: 'dev', name: 'Dev Deputy', email: 'dev@test.example', phone: '+14155550102', timeZone: 'Europe/Berlin' },
      { id: 'eve', name: 'Eve Executive', email: 'eve@test.example', phone: '+14155550103', timeZone: 'America/New_York' },
      { id: 'cam', name: 'Cam Comms', email: 'cam@test.example', timeZone: 'Europe/Berlin' },
      { id: 'staff', name: 'All staff', email: 'staff@test.example', timeZone: 'Europe/Berlin' },
    ],
    rota: {
      timeZone: 'Europe/Berlin',
      default: { lead: 'lena', deputy: 'dev' },
      shifts: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:00', lead: 'dev', deputy: 'lena' }],
    },
    executives: ['eve'],
    stakeholders: { engineering: ['dev', 'lena'], communications: ['cam'], executives: ['eve'] },
    severity: {
      rules: [{ name: 'guardduty-high', match: { source: 'guardduty', minFindingSeverity: 7 }, severity: 'sev2' }],
    },
    autoMobilize: ['sev1'],
    engagement: { sev1: ['engineering', 'communications', 'executives'], sev2: ['engineering'] },
    escalation: { chain: ['eve'] },
    communications: { audiences: { employees: { description: 'Everyone', recipients: ['staff'] } } },
    containment: {
      actions: [
        { id: 'disable-access-key', title: 'Disable IAM access key', kind: 'disable-iam-access-key' },
        { id: 'go-offline', title: 'Take the product offline', kind: 'manual', extraordinary: true, approvers: ['eve'] },
      ],
    },
    approvals: { baseUrl: 'https://ir.test.example' },
  };
}

/** The fixture plan parsed, with every default applied. */
export const validPlan = (): Plan => PlanSchema.parse(validPlanInput());
