import type { IncidentDetail, IncidentSummary } from '../../../local/console/console-data.schema';

export const HOSTILE = '<img src=x onerror=alert(1)><script>alert(2)</script>"\'&';

export const PEOPLE = {
  contacts: [
    { id: 'maya-chen', name: 'Maya Chen' },
    { id: 'sofia-rossi', name: 'Sofia Rossi' },
    { id: 'grace-lin', name: 'Grace Lin' },
  ],
  escalation: { chain: ['grace-lin'], acknowledgeWindow: 'PT30M' },
} as never;

export function summary(overrides: Partial<IncidentSummary> = {}): IncidentSummary {
  return {
    id: 'inc-abcdefgh12',
    title: 'ALARM: sec-UnauthorizedApiCalls',
    severity: 'sev2',
    status: 'open',
    phase: 'mobilize',
    crisisLead: 'maya-chen',
    gate: { gate: 'mobilize', holder: 'maya-chen', deadline: '2026-11-23T10:00:00.000Z', escalationLevel: 0 },
    drill: false,
    severityRule: 'security-alarms',
    createdAt: '2026-11-23T09:00:00.000Z',
    updatedAt: '2026-11-23T09:05:00.000Z',
    phaseEnteredAt: { alert: '2026-11-23T09:00:00.000Z', mobilize: '2026-11-23T09:04:00.000Z' },
    ...overrides,
  };
}

export function detail(overrides: Partial<IncidentDetail> = {}): IncidentDetail {
  return {
    incident: summary(),
    record: { deputy: 'sofia-rossi', source: 'cloudwatch' },
    timeline: [
      { seq: 1, at: '2026-11-23T09:00:00.000Z', type: 'incident-opened', actor: 'sirp', summary: 'opened' },
      { seq: 2, at: '2026-11-23T09:04:00.000Z', type: 'decided', actor: 'maya-chen', summary: 'maya-chen decided "mobilize"' },
    ],
    chain: { intact: true, entries: 2 },
    signals: [],
    approvals: [],
    ...overrides,
  };
}

export const NOW = Date.parse('2026-11-23T09:10:00.000Z');
