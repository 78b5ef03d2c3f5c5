import { type ApprovalRecord, newApprovalRecord } from '../../../../core/approval/approval.schema';
import type { SigningKey, SigningKeys } from '../../../../core/approval/signing-key';
import type { CommunicationDraft } from '../../../../core/comms/communication';
import type { Incident } from '../../../../core/incident/incident.schema';
import { openGate, openIncident } from '../../../../core/incident/lifecycle';
import { type Plan, type PlanInput, PlanSchema } from '../../../../core/plan/plan.schema';

/** 2026-03-02T09:00:00Z, a Monday. */
export const T0 = Date.parse('2026-03-02T09:00:00.000Z');
export const MINUTE = 60_000;

export const APPROVAL_ID = 'AAECAwQFBgcICQoLDA0ODw';
export const OTHER_APPROVAL_ID = 'EBESExQVFhcYGRobHB0eHw';
export const TASK_TOKEN = 'AQCEAAAAKgAAAAMAAAAAAAAAAZ-secret-task-token-never-shown';

export const planInput: PlanInput = {
  org: 'acme',
  name: 'Acme Corp',
  contacts: [
    { id: 'alice', name: 'Alice Lead', email: 'alice@example.com', phone: '+14155550100', timeZone: 'Europe/Berlin' },
    { id: 'bob', name: 'Bob Deputy', email: 'bob@example.com', phone: '+14155550101', timeZone: 'America/New_York' },
    { id: 'carol', name: 'Carol Exec', email: 'carol@example.com', timeZone: 'UTC' },
    { id: 'dave', name: 'Dave Text', phone: '+14155550102', timeZone: 'Asia/Kolkata' },
  ],
  rota: { timeZone: 'UTC', default: { lead: 'alice', deputy: 'bob' } },
  executives: ['carol'],
  escalation: { chain: ['carol'], acknowledgementWindow: '30m' },
  containment: {
    actions: [{ id: 'isolate-web', title: 'Isolate the web fleet', kind: 'isolate-ec2-instance', extraordinary: true, approvers: ['carol'] }],
  },
  approvals: { baseUrl: 'https://ir.example.com' },
};

export const plan: Plan = PlanSchema.parse(planInput);

/** An incident at the Alert gate, held by alice, opened at T0 with a 15-minute timeout. */
export function alertIncident(overrides: Partial<Incident> = {}): Incident {
  const opened = openIncident(
    {
      id: 'inc-01jd7x3k9m',
      org: 'acme',
      title: 'Root credentials used from an unknown network',
      severity: 'sev1',
      severityRule: 'root-login',
      source: 'cloudtrail',
      correlationKey: 'cloudtrail:root-login:123456789012',
      drill: false,
    },
    T0,
  );
  return { ...openGate(opened, 'alice', APPROVAL_ID, 900, T0), ...overrides };
}

/** The same incident mobilized, with alice as Crisis Lead, at the gate of `phase`. */
export function mobilizedIncident(gate: 'mobilize' | 'contain' | 'recover' | 'learn' = 'mobilize'): Incident {
  const base = alertIncident();
  return {
    ...base,
    phase: gate,
    crisisLead: 'alice',
    deputy: 'bob',
    gate: { ...(base.gate ?? fail('no gate')), gate },
  };
}

/** A pending approval of the Alert gate for alice, created at T0, expiring 15 minutes later. */
export function pendingRecord(overrides: Partial<ApprovalRecord> = {}): ApprovalRecord {
  return {
    ...newApprovalRecord({
      approvalId: APPROVAL_ID,
      incidentId: 'inc-01jd7x3k9m',
      subject: { kind: 'gate', gate: 'alert' },
      decider: 'alice',
      taskToken: TASK_TOKEN,
      createdAt: new Date(T0).toISOString(),
      expiresAt: new Date(T0 + 15 * MINUTE).toISOString(),
      secretVersion: 'v-current',
    }),
    ...overrides,
  };
}

/** A draft to the executives of the Alert incident, by bob, awaiting the Crisis Lead since T0. */
export function pendingDraft(overrides: Partial<CommunicationDraft> = {}): CommunicationDraft {
  return {
    draftId: 'com-0123456789abcdef',
    incidentId: 'inc-01jd7x3k9m',
    audience: 'executives',
    title: 'Status',
    message: 'Status\n<i>contained</i>',
    author: 'bob',
    status: 'pending',
    createdAt: new Date(T0).toISOString(),
    approvalId: null,
    decidedBy: null,
    decidedAt: null,
    reason: null,
    recipients: [],
    releasedAt: null,
    version: 1,
    ...overrides,
  };
}

export const currentKey: SigningKey = { versionId: 'v-current', secret: Buffer.from('current-secret-0123456789abcdef-current') };
export const previousKey: SigningKey = { versionId: 'v-previous', secret: Buffer.from('previous-secret-0123456789abcdef-prev') };
export const retiredKey: SigningKey = { versionId: 'v-retired', secret: Buffer.from('retired-secret-0123456789abcdef-retired') };

export const keys: SigningKeys = { current: currentKey, verifying: [currentKey, previousKey] };

function fail(message: string): never {
  throw new Error(message);
}
