import { IncidentIdSchema, IncidentSchema, IncidentStatusSchema, OpenGateSchema } from '../../../../core/incident/incident.schema';
import { openGate, openIncident } from '../../../../core/incident/lifecycle';

const T0 = Date.UTC(2025, 5, 2, 14, 0, 0);

const incident = () =>
  openGate(
    openIncident(
      {
        id: 'inc-01jd7x3k9m',
        org: 'testorg',
        title: 'Public S3 bucket',
        severity: 'sev3',
        severityRule: 'default',
        source: 'securityhub',
        correlationKey: 'securityhub:bucket',
        drill: true,
      },
      T0,
    ),
    'lena',
    null,
    900,
    T0,
  );

describe('IncidentIdSchema', () => {
  it('accepts ids like "inc-01jd7x3k9m"', () => {
    expect(IncidentIdSchema.parse('inc-01jd7x3k9m')).toBe('inc-01jd7x3k9m');
  });

  it.each(['01jd7x3k9m', 'inc-short', 'inc-01JD7X3K9M', `inc-${'a'.repeat(41)}`, 'inc-01jd7x3k9m/../x'])('refuses %s', (id) => {
    expect(IncidentIdSchema.safeParse(id).success).toBe(false);
  });
});

describe('IncidentSchema', () => {
  it('accepts an incident built by the lifecycle', () => {
    const valid = incident();

    expect(IncidentSchema.parse(valid)).toEqual(valid);
  });

  it('knows the three statuses', () => {
    expect(IncidentStatusSchema.options).toEqual(['open', 'closed', 'dismissed']);
  });

  it.each([
    ['an empty title', { title: '' }, 'title'],
    ['an unknown phase', { phase: 'triage' }, 'phase'],
    ['an unknown source', { source: 'splunk' }, 'source'],
    ['a Crisis Lead that is not a contact id', { crisisLead: 'Lena Lead' }, 'crisisLead'],
    ['a version below 1', { version: 0 }, 'version'],
    ['a timestamp that is not ISO 8601', { updatedAt: 'yesterday' }, 'updatedAt'],
    ['a phase entry time for an unknown phase', { phaseEnteredAt: { triage: '2025-06-02T14:00:00.000Z' } }, 'phaseEnteredAt'],
  ])('refuses %s', (_what, change, field) => {
    const result = IncidentSchema.safeParse({ ...incident(), ...change });

    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path[0]).toBe(field);
  });
});

describe('OpenGateSchema', () => {
  it('refuses a negative escalation level', () => {
    expect(OpenGateSchema.safeParse({ ...incident().gate, escalationLevel: -1 }).success).toBe(false);
  });

  it('refuses a gate that is not an active phase', () => {
    expect(OpenGateSchema.safeParse({ ...incident().gate, gate: 'closed' }).success).toBe(false);
  });
});
