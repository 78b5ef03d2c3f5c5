import { TransitionRefusedError } from '../../../../core/errors/sirp-error';
import type { Incident } from '../../../../core/incident/incident.schema';
import { IncidentSchema } from '../../../../core/incident/incident.schema';
import {
  acknowledgeGate,
  applySignOff,
  assertDecisionFits,
  escalateGate,
  type NewIncident,
  openGate,
  openIncident,
} from '../../../../core/incident/lifecycle';
import type { Decision, Gate } from '../../../../core/incident/phases';
import { ManualClock } from '../../../../core/time/clock';

const T0 = Date.UTC(2025, 5, 2, 14, 0, 0);
const MINUTE = 60_000;

const fields: NewIncident = {
  id: 'inc-01jd7x3k9m',
  org: 'testorg',
  title: 'GuardDuty: UnauthorizedAccess:IAMUser/MaliciousIPCaller',
  severity: 'sev2',
  severityRule: 'guardduty-high',
  source: 'guardduty',
  correlationKey: 'guardduty:i-0abc',
  drill: false,
};

const signOff = (gate: Gate, decision: Decision, decidedBy: string, decidedAt: number) => ({ gate, decision, decidedBy, decidedAt });

/** An incident walked to `phase` by real sign-offs, with its Crisis Lead "lena". */
function incidentIn(phase: 'alert' | 'mobilize' | 'contain' | 'recover' | 'learn', clock: ManualClock): Incident {
  let incident = openIncident(fields, clock.now());
  const path = [
    ['alert', 'mobilize'],
    ['mobilize', 'approve'],
    ['contain', 'approve'],
    ['recover', 'approve'],
  ] as const;
  for (const [gate, decision] of path) {
    if (incident.phase === phase) break;
    clock.advance(MINUTE);
    incident = applySignOff(incident, signOff(gate, decision, 'lena', clock.now()), 'dev');
  }
  return incident;
}

describe('openIncident', () => {
  it('starts in Alert, open, at version 1, with nobody leading yet', () => {
    const incident = openIncident(fields, T0);

    expect(incident).toEqual({
      ...fields,
      status: 'open',
      phase: 'alert',
      crisisLead: null,
      deputy: null,
      gate: null,
      createdAt: '2025-06-02T14:00:00.000Z',
      updatedAt: '2025-06-02T14:00:00.000Z',
      phaseEnteredAt: { alert: '2025-06-02T14:00:00.000Z' },
      version: 1,
    });
    expect(IncidentSchema.parse(incident)).toEqual(incident);
  });
});

describe('applySignOff', () => {
  it('mobilizes and makes the decider the Crisis Lead with the on-call deputy', () => {
    const incident = applySignOff(openIncident(fields, T0), signOff('alert', 'mobilize', 'lena', T0 + MINUTE), 'dev');

    expect(incident.phase).toBe('mobilize');
    expect(incident.status).toBe('open');
    expect(incident.crisisLead).toBe('lena');
    expect(incident.deputy).toBe('dev');
    expect(incident.version).toBe(2);
    expect(incident.updatedAt).toBe('2025-06-02T14:01:00.000Z');
    expect(incident.phaseEnteredAt).toEqual({ alert: '2025-06-02T14:00:00.000Z', mobilize: '2025-06-02T14:01:00.000Z' });
    expect(IncidentSchema.safeParse(incident).success).toBe(true);
  });

  it('leaves the deputy empty when the deputy is the one who mobilized', () => {
    const incident = applySignOff(openIncident(fields, T0), signOff('alert', 'mobilize', 'dev', T0), 'dev');

    expect(incident.crisisLead).toBe('dev');
    expect(incident.deputy).toBeNull();
  });

  it('leaves the deputy empty when there is none on call', () => {
    expect(applySignOff(openIncident(fields, T0), signOff('alert', 'mobilize', 'lena', T0), null).deputy).toBeNull();
  });

  it('dismisses an alert as a false positive without naming a Crisis Lead', () => {
    const incident = applySignOff(openIncident(fields, T0), signOff('alert', 'dismiss', 'lena', T0 + MINUTE), 'dev');

    expect(incident.phase).toBe('dismissed');
    expect(incident.status).toBe('dismissed');
    expect(incident.crisisLead).toBeNull();
    expect(incident.deputy).toBeNull();
    expect(incident.phaseEnteredAt.dismissed).toBe('2025-06-02T14:01:00.000Z');
  });

  it('keeps the Crisis Lead and deputy through the later gates, whoever signs', () => {
    const clock = new ManualClock(T0);
    const contain = incidentIn('contain', clock);
    const recover = applySignOff(contain, signOff('contain', 'approve', 'eve', clock.now()), 'someone-else');

    expect(recover.phase).toBe('recover');
    expect(recover.crisisLead).toBe('lena');
    expect(recover.deputy).toBe('dev');
  });

  it('closes the incident when the review is approved', () => {
    const clock = new ManualClock(T0);
    const learn = incidentIn('learn', clock);
    clock.advance(7 * 24 * 60 * MINUTE);
    const closed = applySignOff(learn, signOff('learn', 'approve', 'lena', clock.now()), null);

    expect(closed.phase).toBe('closed');
    expect(closed.status).toBe('closed');
    expect(closed.version).toBe(6);
    expect(Object.keys(closed.phaseEnteredAt)).toEqual(['alert', 'mobilize', 'contain', 'recover', 'learn', 'closed']);
    expect(closed.phaseEnteredAt.closed).toBe('2025-06-09T14:04:00.000Z');
  });

  it('clears the open gate once it is decided', () => {
    const clock = new ManualClock(T0);
    const waiting = openGate(incidentIn('contain', clock), 'lena', 'apr-1', 3600, clock.now());
    const decided = applySignOff(waiting, signOff('contain', 'approve', 'lena', clock.now()), null);

    expect(waiting.gate).not.toBeNull();
    expect(decided.gate).toBeNull();
  });

  it('refuses Contain -> Recover without the containment sign-off', () => {
    const contain = incidentIn('contain', new ManualClock(T0));

    expect(() => applySignOff(contain, signOff('recover', 'approve', 'lena', T0), null)).toThrow(TransitionRefusedError);
    expect(() => applySignOff(contain, signOff('recover', 'approve', 'lena', T0), null)).toThrow(
      'gate "recover" is not open: the incident is in phase "contain"',
    );
  });

  it('refuses a decision the open gate does not accept', () => {
    const contain = incidentIn('contain', new ManualClock(T0));

    expect(() => applySignOff(contain, signOff('contain', 'dismiss', 'lena', T0), null)).toThrow(TransitionRefusedError);
  });
});

describe('openGate', () => {
  it('opens the gate of the current phase for its holder until the timeout', () => {
    const clock = new ManualClock(T0);
    const incident = incidentIn('mobilize', clock);
    const waiting = openGate(incident, 'lena', 'apr-7', 3600, clock.now());

    expect(waiting.gate).toEqual({
      gate: 'mobilize',
      holder: 'lena',
      approvalId: 'apr-7',
      openedAt: '2025-06-02T14:01:00.000Z',
      deadline: '2025-06-02T15:01:00.000Z',
      escalationLevel: 0,
      acknowledgedUntil: null,
    });
    expect(waiting.version).toBe(incident.version + 1);
    expect(waiting.updatedAt).toBe('2025-06-02T14:01:00.000Z');
    expect(IncidentSchema.safeParse(waiting).success).toBe(true);
  });

  it('refuses to open a gate on an incident that has ended', () => {
    const dismissed = applySignOff(openIncident(fields, T0), signOff('alert', 'dismiss', 'lena', T0), null);

    expect(() => openGate(dismissed, 'lena', null, 900, T0)).toThrow(TransitionRefusedError);
    expect(() => openGate(dismissed, 'lena', null, 900, T0)).toThrow('a dismissed incident has no gate to open');
  });
});

describe('escalateGate', () => {
  it('hands the gate to the next person with a fresh deadline, one level up', () => {
    const clock = new ManualClock(T0);
    const waiting = openGate(openIncident(fields, clock.now()), 'lena', 'apr-1', 900, clock.now());
    const acknowledged = acknowledgeGate(waiting, 'lena', 1800, clock.now());
    clock.advance(45 * MINUTE);
    const escalated = escalateGate(acknowledged, 'dev', 'apr-2', 900, clock.now());

    expect(escalated.gate).toEqual({
      gate: 'alert',
      holder: 'dev',
      approvalId: 'apr-2',
      openedAt: '2025-06-02T14:00:00.000Z',
      deadline: '2025-06-02T15:00:00.000Z',
      escalationLevel: 1,
      acknowledgedUntil: null,
    });
    expect(escalated.version).toBe(acknowledged.version + 1);
    expect(escalated.updatedAt).toBe('2025-06-02T14:45:00.000Z');
    expect(escalateGate(escalated, 'eve', null, 900, clock.now()).gate?.escalationLevel).toBe(2);
  });

  it('refuses to escalate an incident that is not waiting on a gate', () => {
    expect(() => escalateGate(openIncident(fields, T0), 'dev', null, 900, T0)).toThrow(
      'incident inc-01jd7x3k9m is not waiting on a gate',
    );
  });
});

describe('acknowledgeGate', () => {
  it('stops escalation for the acknowledgement window without deciding', () => {
    const waiting = openGate(openIncident(fields, T0), 'lena', 'apr-1', 900, T0);
    const acknowledged = acknowledgeGate(waiting, 'lena', 1800, T0 + MINUTE);

    expect(acknowledged.gate).toEqual({ ...waiting.gate, acknowledgedUntil: '2025-06-02T14:31:00.000Z' });
    expect(acknowledged.phase).toBe('alert');
    expect(acknowledged.version).toBe(waiting.version + 1);
    expect(acknowledged.updatedAt).toBe('2025-06-02T14:01:00.000Z');
  });

  it('refuses an acknowledgement from someone who does not hold the gate', () => {
    const waiting = openGate(openIncident(fields, T0), 'lena', 'apr-1', 900, T0);

    expect(() => acknowledgeGate(waiting, 'dev', 1800, T0)).toThrow(TransitionRefusedError);
    expect(() => acknowledgeGate(waiting, 'dev', 1800, T0)).toThrow('only lena, who holds the gate, can acknowledge it');
  });

  it('refuses an acknowledgement when no gate is open', () => {
    expect(() => acknowledgeGate(openIncident(fields, T0), 'lena', 1800, T0)).toThrow(TransitionRefusedError);
  });
});

describe('assertDecisionFits', () => {
  it('accepts the decisions a gate offers', () => {
    expect(() => { assertDecisionFits('alert', 'mobilize'); }).not.toThrow();
    expect(() => { assertDecisionFits('alert', 'dismiss'); }).not.toThrow();
    expect(() => { assertDecisionFits('contain', 'approve'); }).not.toThrow();
  });

  it('refuses "dismiss" at containment, naming what the gate accepts', () => {
    expect(() => { assertDecisionFits('contain', 'dismiss'); }).toThrow('gate "contain" accepts approve, not "dismiss"');
  });

  it('refuses "approve" at Alert, naming both decisions it accepts', () => {
    expect(() => { assertDecisionFits('alert', 'approve'); }).toThrow('gate "alert" accepts mobilize or dismiss, not "approve"');
  });
});
