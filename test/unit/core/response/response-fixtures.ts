import type { Incident } from '../../../../core/incident/incident.schema';
import { applySignOff, openIncident } from '../../../../core/incident/lifecycle';
import { validPlan } from '../plan/plan-fixture';

export const T0 = Date.UTC(2025, 5, 2, 14, 0, 0);
export const MINUTE = 60_000;
export const plan = validPlan();

/** A sev2 incident mobilized by lena at T0 (Crisis Lead lena, deputy dev). */
export function mobilized(overrides: Partial<Incident> = {}): Incident {
  const opened = openIncident(
    { id: 'inc-01jd7x3k9m', org: 'testorg', title: 'Access key used from a malicious IP', severity: 'sev2', severityRule: 'guardduty-high', source: 'guardduty', correlationKey: 'guardduty:key', drill: false },
    T0,
  );
  return { ...applySignOff(opened, { gate: 'alert', decision: 'mobilize', decidedBy: 'lena', decidedAt: T0 }, 'dev'), ...overrides };
}
