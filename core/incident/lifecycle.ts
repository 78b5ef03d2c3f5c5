import { TransitionRefusedError } from '../errors/sirp-error';
import type { SignalSource } from '../plan/plan.schema';
import { toIso } from '../time/clock';
import type { Incident, OpenGate } from './incident.schema';
import { type Decision, type Gate, isActivePhase, GATE_DECISIONS } from './phases';
import type { Severity } from './severity';
import { nextPhase } from './transitions';

export interface SignOff {
  readonly gate: Gate;
  readonly decision: Decision;
  readonly decidedBy: string;
  readonly decidedAt: number;
}

export interface NewIncident {
  readonly id: string;
  readonly org: string;
  readonly title: string;
  readonly severity: Severity;
  readonly severityRule: string;
  readonly source: SignalSource;
  readonly correlationKey: string;
  readonly drill: boolean;
}

/** A new incident starts in Alert, open, at version 1. */
export function openIncident(fields: NewIncident, now: number): Incident {
  const at = toIso(now);
  return {
    ...fields,
    status: 'open',
    phase: 'alert',
    crisisLead: null,
    deputy: null,
    gate: null,
    createdAt: at,
    updatedAt: at,
    phaseEnteredAt: { alert: at },
    version: 1,
  };
}

/**
 * The only way an incident changes phase: a sign-off of the gate it waits on.
 * Mobilizing makes the decider the Crisis Lead ("Leadership": one accountable person).
 */
export function applySignOff(incident: Incident, signOff: SignOff, deputy: string | null): Incident {
  if (incident.phase !== signOff.gate) {
    throw new TransitionRefusedError(`gate "${signOff.gate}" is not open: the incident is in phase "${incident.phase}"`);
  }
  const to = nextPhase(incident.phase, signOff);
  const at = toIso(signOff.decidedAt);
  const mobilizing = signOff.gate === 'alert' && signOff.decision === 'mobilize';
  return {
    ...incident,
    phase: to,
    status: to === 'closed' ? 'closed' : to === 'dismissed' ? 'dismissed' : 'open',
    crisisLead: mobilizing ? signOff.decidedBy : incident.crisisLead,
    deputy: mobilizing ? (deputy === signOff.decidedBy ? null : deputy) : incident.deputy,
    gate: null,
    updatedAt: at,
    phaseEnteredAt: { ...incident.phaseEnteredAt, [to]: at },
    version: incident.version + 1,
  };
}

/** Opens the gate of the incident's current phase, held by `holder` until it is decided or escalated. */
export function openGate(
  incident: Incident,
  holder: string,
  approvalId: string | null,
  timeoutSeconds: number,
  now: number,
): Incident {
  const phase = incident.phase;
  if (!isActivePhase(phase)) throw new TransitionRefusedError(`a ${phase} incident has no gate to open`);
  const gate: OpenGate = {
    gate: phase,
    holder,
    approvalId,
    openedAt: toIso(now),
    deadline: toIso(now + timeoutSeconds * 1000),
    escalationLevel: 0,
    acknowledgedUntil: null,
  };
  return { ...incident, gate, updatedAt: toIso(now), version: incident.version + 1 };
}

/** Hands the open gate to the next person; the escalation is recorded by the caller on the timeline. */
export function escalateGate(
  incident: Incident,
  nextHolder: string,
  approvalId: string | null,
  timeoutSeconds: number,
  now: number,
): Incident {
  const current = requireGate(incident);
  return {
    ...incident,
    gate: {
      ...current,
      holder: nextHolder,
      approvalId,
      deadline: toIso(now + timeoutSeconds * 1000),
      escalationLevel: current.escalationLevel + 1,
      acknowledgedUntil: null,
    },
    updatedAt: toIso(now),
    version: incident.version + 1,
  };
}

/** "I have it": the holder stops escalation for the acknowledgement window without deciding. */
export function acknowledgeGate(incident: Incident, by: string, windowSeconds: number, now: number): Incident {
  const current = requireGate(incident);
  if (current.holder !== by) {
    throw new TransitionRefusedError(`only ${current.holder}, who holds the gate, can acknowledge it`);
  }
  return {
    ...incident,
    gate: { ...current, acknowledgedUntil: toIso(now + windowSeconds * 1000) },
    updatedAt: toIso(now),
    version: incident.version + 1,
  };
}

/** A decision a gate does not accept (for example "dismiss" at containment) is refused. */
export function assertDecisionFits(gate: Gate, decision: Decision): void {
  if (!GATE_DECISIONS[gate].includes(decision)) {
    throw new TransitionRefusedError(`gate "${gate}" accepts ${GATE_DECISIONS[gate].join(' or ')}, not "${decision}"`);
  }
}

function requireGate(incident: Incident): OpenGate {
  if (incident.gate === null) throw new TransitionRefusedError(`incident ${incident.id} is not waiting on a gate`);
  return incident.gate;
}
