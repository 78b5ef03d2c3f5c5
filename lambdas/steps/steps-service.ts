import { Logger } from '@aws-lambda-powertools/logger';
import type { DecisionSubject } from '../../core/incident/deciders';
import { escalationChain, nextHolder } from '../../core/incident/deciders';
import type { Incident } from '../../core/incident/incident.schema';
import { applySignOff, assertDecisionFits, escalateGate, openGate } from '../../core/incident/lifecycle';
import { type Gate, GATE_QUESTION } from '../../core/incident/phases';
import { onCallAt } from '../../core/plan/on-call';
import type { Plan } from '../../core/plan/plan.schema';
import { type Clock, toIso } from '../../core/time/clock';
import type { IncidentStore } from '../adapters/incident-store';
import type { IntakeStore } from '../adapters/intake-store';
import type { ActionsPort } from '../actions/actions.port';
import type { Notifier } from '../adapters/sns-notifier';
import type { TimelineStore } from '../adapters/timeline-store';
import type { CommunicationStore } from '../adapters/communication-store';
import { expireCommunication, loadCommunication, releaseCommunication, requestCommunicationApproval, returnCommunication } from './comms-steps';
import { draftIncidentReview } from './learn-steps';
import { carryOutAction, openPhaseTasks, recordActionApproval, requestActionApproval, setActionAside } from './action-steps';
import { collectContext } from './context-step';
import { recordPhaseFailure } from './failure-step';
import { engageStakeholders, openIncidentWorkstream, sendSyncReminders } from './mobilize-steps';
import { notifyPerson } from './notify-person';
import type { GateContext, StepInput } from './step-input.schema';
import type { TaskStore } from './task-store';
import type { RelatedIncidents } from './related-incidents';

/** A recorded approval, as the steps need to see it (never with its task token). */
export interface ApprovalView {
  readonly approvalId: string;
  readonly status: 'pending' | 'approved' | 'rejected' | 'expired' | 'superseded';
  readonly decider: string;
  readonly decidedBy: string | null;
  readonly reason: string | null;
}

/** Approvals, as the workflow steps use them. Implemented over the approval store and links. */
export interface ApprovalDesk {
  get(approvalId: string): Promise<ApprovalView | null>;
  /**
   * Asks `decider` to decide `subject` for this task token. When `existing`
   * names a pending approval for the same person, it takes the new token and
   * nobody is paged again (a restart, a redrive); when it names a decided one,
   * the token is answered with that decision at once. Otherwise a new approval
   * is created and its link sent to the person on every channel they have.
   */
  request(input: {
    readonly incident: Incident;
    readonly subject: DecisionSubject;
    readonly decider: string;
    readonly taskToken: string;
    readonly expiresAt: number;
    readonly existing: string | null;
    /**
     * For a caller that names its approval before the link goes out (the
     * gates): whether the named approval's link is known to have gone out. A
     * named pending approval whose link did not is sent again. Omitted: the
     * caller names an approval only after its link went out.
     */
    readonly sent?: boolean;
  }): Promise<{ readonly approvalId: string; readonly paged: boolean }>;
  /**
   * The first ask of a gate this run is opening: the approval is stored under
   * the id the run reserved, without looking for earlier ones (nobody was
   * asked yet), while the caller commits the gate naming it. Nothing is sent
   * until the caller has seen the gate name it (`send`), or learned that
   * another run opened the gate first (`withdraw`).
   */
  prepare(input: {
    readonly incident: Incident;
    readonly subject: DecisionSubject;
    readonly decider: string;
    readonly taskToken: string;
    readonly expiresAt: number;
    readonly approvalId: string;
  }): Promise<PreparedApproval>;
  /** A fresh approval id, allocated when a gate escalates so the old link can name its successor. */
  newId(): string;
  supersede(approvalId: string, holder: string, nextApprovalId: string): Promise<void>;
}

/** An approval stored, not yet sent (see `ApprovalDesk.prepare`). */
export interface PreparedApproval {
  readonly approvalId: string;
  /** Pages the person on every channel, then sets aside what an earlier run left pending for the same question. */
  send(): Promise<void>;
  /** Another run opened the gate first: this approval gives way to the one the gate names, unsent. */
  withdraw(to: { readonly approvalId: string; readonly holder: string }): Promise<void>;
}

export interface StepsDeps {
  readonly plan: Plan;
  readonly clock: Clock;
  readonly incidents: IncidentStore;
  readonly timeline: TimelineStore;
  readonly notifier: Notifier;
  readonly approvals: ApprovalDesk;
  /** Communication drafts (comms-steps.ts). */
  readonly communications: CommunicationStore;
  /** Signals of an incident (the Alert context). */
  readonly intake: Pick<IntakeStore, 'listSignals'>;
  /** Earlier incidents on the same resources or problem, by key (the Alert context). */
  readonly related: Pick<RelatedIncidents, 'file' | 'earlier'>;
  readonly tasks: TaskStore;
  /** Dry run in the embedded runtime and drills, AWS in the stack. */
  readonly actions: ActionsPort;
}

const logger = new Logger({ serviceName: 'sirp-steps' });

/** Runs one workflow step. Every step is safe to run twice: a workflow resumed after a restart does. */
export async function runStep(input: StepInput, deps: StepsDeps): Promise<unknown> {
  switch (input.step) {
    // Learn and Communications (learn-steps.ts, comms-steps.ts).
    case 'draftReview':
      return draftIncidentReview(input.incidentId, deps);
    case 'loadCommunication':
      return loadCommunication(input.incidentId, input.draftId, deps);
    case 'requestCommunicationApproval':
      return requestCommunicationApproval(input.incidentId, input.draftId, input.taskToken, deps);
    case 'releaseCommunication':
      return releaseCommunication(input.incidentId, input.draftId, input.decision, deps);
    case 'returnCommunication':
      return returnCommunication(input.incidentId, input.draftId, input.rejection.Cause, deps);
    case 'expireCommunication':
      return expireCommunication(input.incidentId, input.draftId, deps);
    case 'loadIncident': {
      const incident = await deps.incidents.require(input.incidentId);
      return { phase: incident.phase, severity: incident.severity };
    }
    case 'gatherContext':
      // The gate's timing and holder only: at Alert the context is gathered just after the page goes out
      // (requestGateApproval), so nothing slow sits between the intake and the Crisis Lead's page.
      return gateContext(await deps.incidents.require(input.incidentId), input.gate, deps);
    case 'requestApproval':
      return requestGateApproval(input.incidentId, input.gate, input.taskToken, deps);
    case 'escalateGate':
      return escalate(input.incidentId, input.gate, deps);
    case 'recordDecision':
      return recordDecision(input.incidentId, input.gate, input.decision, deps);
    case 'recordRejection':
      return recordRejection(input.incidentId, input.gate, deps);
    case 'autoMobilize':
      return autoMobilize(input.incidentId, deps);
    case 'engageStakeholders':
      return engageStakeholders(input.incidentId, deps);
    case 'openWorkstream':
      return openIncidentWorkstream(input.incidentId, input.workstream, deps);
    case 'syncReminders':
      return sendSyncReminders(deps);
    case 'openTasks':
      return openPhaseTasks(input.incidentId, input.phase, deps);
    case 'requestActionApproval':
      return requestActionApproval(input.incidentId, input.taskId, input.taskToken, deps);
    case 'recordActionApproval':
      return recordActionApproval(input.incidentId, input.taskId, input.decision.decidedBy, deps);
    case 'setActionAside':
      return setActionAside(input.incidentId, input.taskId, input.why, deps);
    case 'carryOutAction':
      return carryOutAction(input.incidentId, input.taskId, deps);
    case 'recordPhaseFailure':
      return recordPhaseFailure(input.incidentId, input.failure, deps);
  }
}

/** The on-call pair when the incident was opened: who is paged at Alert, and who backs them up. */
const onCallFor = (incident: Incident, plan: Plan) => onCallAt(plan, Date.parse(incident.createdAt));

/** Who holds a gate before any escalation: the on-call lead at Alert, the Crisis Lead after. */
function firstHolder(incident: Incident, gate: Gate, plan: Plan): string {
  return gate === 'alert' ? onCallFor(incident, plan).lead : (incident.crisisLead ?? onCallFor(incident, plan).lead);
}

function deputyFor(incident: Incident, gate: Gate, plan: Plan): string | null {
  return gate === 'alert' ? onCallFor(incident, plan).deputy : incident.deputy;
}

/**
 * How long the workflow waits before escalating: the time left on the open
 * gate (after a restart, or an acknowledgement), else the plan's timeout.
 * A deadline that passed while the runtime was down escalates at once.
 */
function gateContext(incident: Incident, gate: Gate, deps: StepsDeps): GateContext {
  const now = deps.clock.now();
  const open = incident.gate?.gate === gate ? incident.gate : null;
  const autoMobilize = gate === 'alert' && incident.phase === 'alert' && deps.plan.autoMobilize.includes(incident.severity);
  if (open === null) {
    return { autoMobilize, timeoutSeconds: deps.plan.gates[gate].timeout, holder: firstHolder(incident, gate, deps.plan) };
  }
  const until = Math.max(Date.parse(open.deadline), open.acknowledgedUntil === null ? 0 : Date.parse(open.acknowledgedUntil));
  return { autoMobilize, timeoutSeconds: Math.max(1, Math.ceil((until - now) / 1000)), holder: open.holder };
}

/**
 * Asks the gate's holder to decide. The commit point is the incident record:
 * the open gate names its approval (an id reserved here, or by the
 * escalation) BEFORE the approval is created and its link goes out, so a
 * person who opens the link the instant it lands finds the gate open. The
 * approval and the page follow from that record: a run resumed after a crash
 * creates the named approval if it is missing, and pages only when no
 * `notified` entry says its link already went out.
 */
async function requestGateApproval(incidentId: string, gate: Gate, taskToken: string, deps: StepsDeps): Promise<{ approvalId: string }> {
  const now = deps.clock.now();
  const timeout = deps.plan.gates[gate].timeout;
  const first = await openGateAndPage(incidentId, gate, taskToken, deps.approvals.newId(), deps);
  if (first !== null) return first;
  // Not the id the first ask tried: an approval it stored and could not name is found and resumed below.
  const reserved = deps.approvals.newId();
  const incident = await deps.incidents.update(incidentId, (current) => {
    if (current.phase !== gate) return current;
    if (current.gate?.gate !== gate) return openGate(current, firstHolder(current, gate, deps.plan), reserved, timeout, now);
    if (current.gate.approvalId !== null) return current;
    // Asked again after a rejection: the next approval is named first, like the first one.
    return { ...current, gate: { ...current.gate, approvalId: reserved }, updatedAt: toIso(now), version: current.version + 1 };
  });
  const open = incident.gate?.gate === gate ? incident.gate : null;
  const holder = open?.holder ?? firstHolder(incident, gate, deps.plan);
  const named = open?.approvalId ?? null;
  // This run opened the gate when it wrote its own reserved id at this instant (a re-ask keeps the old openedAt).
  const openedNow = open !== null && named === reserved && open.openedAt === toIso(now);
  // Only an approval this run did not just reserve may already be on the timeline (a resumed run, an escalation).
  const entries = named === null || named === reserved ? [] : await deps.timeline.list(incidentId);
  const { approvalId, paged } = await deps.approvals.request({
    incident,
    subject: { kind: 'gate', gate },
    decider: holder,
    taskToken,
    // The link lives as long as the gate may stay with this person: escalation and acknowledgement included.
    expiresAt: linkExpiry(open, timeout, now),
    existing: named,
    sent: entries.some((e) => e.type === 'notified' && e.data.approvalId === named),
  });
  // Recorded just after the page rather than before it: the page is what matters in the first minute. A run that
  // dies in between leaves the gate open with no entry, and the resumed run (named !== reserved) appends it.
  if (open !== null && (openedNow || (named !== reserved && !entries.some((e) => e.type === 'gate-opened' && e.data.gate === gate)))) {
    await recordGateOpened(incidentId, { gate, holder, approvalId: named }, now, deps);
  }
  if (open !== null && approvalId !== named) {
    // A pending approval of an earlier run (recorded nowhere) took the token: the gate names it from now on.
    await deps.incidents.update(incidentId, (current) =>
      current.gate?.gate === gate && current.gate.approvalId === named
        ? { ...current, gate: { ...current.gate, approvalId }, updatedAt: toIso(now), version: current.version + 1 }
        : current,
    );
  }
  if (paged) await recordLinkSent(incidentId, { gate, holder, approvalId }, now, deps);
  // The Alert context, after the page (and again on each re-ask: signals may have joined since).
  if (gate === 'alert' && incident.phase === 'alert') await gatherContextAfterPage(incident, deps);
  return { approvalId };
}

/**
 * The first ask of a gate, on the page's critical path: the gate's commit
 * (naming `reserved`) and the approval record (holding the task token) are
 * written at the same time, and the page goes out once both are stored, so
 * a person who opens the link at once finds the gate open and the approval
 * pending. Null when this run does not open the gate (it is open already:
 * a resumed run, an escalation, a re-ask after a rejection; or another run
 * opened it first): the caller takes the general path, which looks at what
 * earlier runs left. An approval stored by a run that died before its gate
 * named it is set aside after the page (`PreparedApproval.send`).
 */
async function openGateAndPage(incidentId: string, gate: Gate, taskToken: string, reserved: string, deps: StepsDeps): Promise<{ approvalId: string } | null> {
  const now = deps.clock.now();
  const timeout = deps.plan.gates[gate].timeout;
  // Who is asked does not change between this guess and the commit: the commit checks it.
  const guess = await deps.incidents.peek(incidentId);
  if (guess.phase !== gate || guess.gate?.gate === gate) return null;
  const holder = firstHolder(guess, gate, deps.plan);
  const opensHere = (current: Incident): boolean => current.phase === gate && current.gate?.gate !== gate && firstHolder(current, gate, deps.plan) === holder;
  const [committed, prepared] = await Promise.allSettled([
    deps.incidents.update(incidentId, (current) => (opensHere(current) ? openGate(current, holder, reserved, timeout, now) : current)),
    deps.approvals.prepare({ incident: guess, subject: { kind: 'gate', gate }, decider: holder, taskToken, expiresAt: now + timeout * 1000, approvalId: reserved }),
  ]);
  if (committed.status === 'rejected' || prepared.status === 'rejected') {
    // The other half, when it was written, is finished by the retry on the general path: a gate naming an
    // approval that does not exist yet gets it created; an approval no gate names is resumed.
    throw committed.status === 'rejected' ? committed.reason : (prepared as PromiseRejectedResult).reason;
  }
  const incident = committed.value;
  const open = incident.gate?.gate === gate ? incident.gate : null;
  if (open?.approvalId !== reserved) {
    // Another run opened the gate first: its approval holds the question; ours was never sent.
    if (open?.approvalId != null) await prepared.value.withdraw({ approvalId: open.approvalId, holder: open.holder });
    return null;
  }
  await prepared.value.send();
  await recordGateOpened(incidentId, { gate, holder, approvalId: reserved }, now, deps);
  await recordLinkSent(incidentId, { gate, holder, approvalId: reserved }, now, deps);
  if (gate === 'alert') await gatherContextAfterPage(incident, deps);
  return { approvalId: reserved };
}

/** Who a gate's question went to, and under which approval. */
interface GateAsk {
  readonly gate: Gate;
  readonly holder: string;
  readonly approvalId: string | null;
}

/** The gate's question on the timeline, once per gate: a twin of this step (a retried task) may be opening it at the same instant. */
async function recordGateOpened(incidentId: string, ask: GateAsk, now: number, deps: StepsDeps): Promise<void> {
  const { gate, holder, approvalId } = ask;
  await deps.timeline.appendOnce(
    incidentId,
    `gate-opened:${gate}`,
    { type: 'gate-opened', actor: 'sirp', summary: `${GATE_QUESTION[gate]} Asked of ${holder}.`, data: { gate, holder, approvalId } },
    toIso(now),
  );
}

/** The page on the timeline: a resumed run reads it to know the link went out (see `sent` in `ApprovalDesk.request`). */
async function recordLinkSent(incidentId: string, ask: GateAsk, now: number, deps: StepsDeps): Promise<void> {
  const { gate, holder, approvalId } = ask;
  await deps.timeline.append(
    incidentId,
    { type: 'notified', actor: 'sirp', summary: `${holder} was sent a personal approval link for the ${gate} gate.`, data: { gate, recipient: holder, approvalId } },
    toIso(now),
  );
}

/**
 * Context is gathered once the person is paged, and a failure to gather it
 * must not fail the page's task (the workflow would end with the Crisis Lead
 * holding a link to nothing): it is logged, and the next ask gathers again.
 */
async function gatherContextAfterPage(incident: Incident, deps: StepsDeps): Promise<void> {
  try {
    await collectContext(incident, deps);
  } catch (error) {
    // The error's name only: an SDK error's message may carry request details.
    logger.warn('alert context not gathered', { incidentId: incident.id, error: error instanceof Error ? error.name : 'unknown' });
  }
}

/** Until when a gate's link is good: the gate's deadline or its acknowledgement, whichever is later, and never less than a full timeout. */
function linkExpiry(open: Incident['gate'], timeout: number, now: number): number {
  const acknowledged = open === null || open.acknowledgedUntil === null ? 0 : Date.parse(open.acknowledgedUntil);
  return Math.max(open === null ? 0 : Date.parse(open.deadline), acknowledged, now + timeout * 1000);
}

async function escalate(incidentId: string, gate: Gate, deps: StepsDeps): Promise<GateContext> {
  const now = deps.clock.now();
  const incident = await deps.incidents.require(incidentId);
  const open = incident.gate?.gate === gate ? incident.gate : null;
  if (incident.phase !== gate || open === null) return gateContext(incident, gate, deps);
  if (open.acknowledgedUntil !== null && Date.parse(open.acknowledgedUntil) > now) {
    // "I have it": no escalation while the acknowledgement holds.
    return gateContext(incident, gate, deps);
  }
  const chain = escalationChain(firstHolder(incident, gate, deps.plan), deputyFor(incident, gate, deps.plan), deps.plan);
  const next = nextHolder(chain, open.escalationLevel);
  const timeout = deps.plan.gates[gate].timeout;
  if (next === undefined) {
    // The chain is exhausted: the gate stays with the last person; a security incident is never decided by a timeout.
    const renewed = await deps.incidents.update(incidentId, (current) =>
      current.gate === null ? current : { ...current, gate: { ...current.gate, deadline: toIso(now + timeout * 1000) }, updatedAt: toIso(now), version: current.version + 1 },
    );
    await deps.timeline.append(
      incidentId,
      { type: 'escalated', actor: 'sirp', summary: `Nobody is left in the escalation chain: ${open.holder} keeps the ${gate} gate.`, data: { gate, holder: open.holder, level: open.escalationLevel } },
      toIso(now),
    );
    return gateContext(renewed, gate, deps);
  }
  const nextApprovalId = deps.approvals.newId();
  if (open.approvalId !== null) await deps.approvals.supersede(open.approvalId, next, nextApprovalId);
  const escalated = await deps.incidents.update(incidentId, (current) =>
    current.gate?.holder === open.holder && current.gate.escalationLevel === open.escalationLevel
      ? escalateGate(current, next, nextApprovalId, timeout, now)
      : current,
  );
  await deps.timeline.append(
    incidentId,
    {
      type: 'escalated',
      actor: 'sirp',
      summary: `${open.holder} did not answer the ${gate} gate in time: it goes to ${next}.`,
      data: { gate, from: open.holder, to: next, level: open.escalationLevel + 1 },
    },
    toIso(now),
  );
  return gateContext(escalated, gate, deps);
}

async function recordDecision(
  incidentId: string,
  gate: Gate,
  decision: { decision: 'mobilize' | 'dismiss' | 'approve'; decidedBy: string; decidedAt: string },
  deps: StepsDeps,
  /** Set when the plan, not a person, decided (auto-mobilization): the timeline says so. */
  byPlan = false,
): Promise<{ phase: string }> {
  assertDecisionFits(gate, decision.decision);
  const before = await deps.incidents.require(incidentId);
  // Commit point: the incident record's conditional update. The two timeline entries follow from it and are
  // appended once per gate, so a step run again after a crash between the writes completes the timeline.
  const signedOff = before.phase !== gate && before.phaseEnteredAt[gate] !== undefined;
  if (before.phase !== gate && !signedOff) return { phase: before.phase };
  const after = signedOff
    ? before
    : await deps.incidents.update(incidentId, (current) =>
        current.phase !== gate
          ? current
          : applySignOff(current, { gate, decision: decision.decision, decidedBy: decision.decidedBy, decidedAt: Date.parse(decision.decidedAt) }, deputyFor(current, gate, deps.plan)),
      );
  const at = toIso(deps.clock.now());
  await deps.timeline.appendOnce(
    incidentId,
    `signed-off:${gate}`,
    byPlan
      ? { type: 'decided', actor: 'plan', summary: `The plan decided "${decision.decision}" at the ${gate} gate (${before.severity} auto-mobilizes); ${decision.decidedBy}, on call, owns the incident.`, data: { gate, ...decision, byPlan: true } }
      : { type: 'decided', actor: decision.decidedBy, summary: `${decision.decidedBy} decided "${decision.decision}" at the ${gate} gate.`, data: { gate, ...decision } },
    at,
  );
  await deps.timeline.appendOnce(
    incidentId,
    `left-phase:${gate}`,
    { type: 'phase-changed', actor: 'sirp', summary: `Phase ${gate} -> ${after.phase}.${after.crisisLead !== before.crisisLead ? ` ${after.crisisLead ?? ''} is the Crisis Lead.` : ''}`, data: { from: gate, to: after.phase } },
    at,
  );
  return { phase: after.phase };
}

/**
 * A rejection keeps the incident at its gate and asks again with a fresh link
 * (the ASL goes back to the request). At Alert a rejection is neither
 * mobilize nor dismiss (a dismissal is the decision "dismiss"): it says "not
 * me" or "ask me again", so it also ends the holder's acknowledgement, and
 * the gate escalates on its own deadline if still nobody decides.
 */
async function recordRejection(incidentId: string, gate: Gate, deps: StepsDeps): Promise<GateContext> {
  const incident = await deps.incidents.require(incidentId);
  const approvalId = incident.gate?.gate === gate ? incident.gate.approvalId : null;
  const approval = approvalId === null ? null : await deps.approvals.get(approvalId);
  const now = deps.clock.now();
  // Forget the rejected approval: the next request asks again with a fresh link.
  const cleared = await deps.incidents.update(incidentId, (current) =>
    current.gate !== null && current.gate.approvalId === approvalId
      ? {
          ...current,
          gate: { ...current.gate, approvalId: null, acknowledgedUntil: gate === 'alert' ? null : current.gate.acknowledgedUntil },
          updatedAt: toIso(now),
          version: current.version + 1,
        }
      : current,
  );
  const who = approval?.decidedBy ?? 'The gate holder';
  const reason = approval?.reason ?? 'no reason given';
  await deps.timeline.append(
    incidentId,
    {
      type: 'decided',
      actor: approval?.decidedBy ?? 'unknown',
      summary:
        gate === 'alert'
          ? `${who} neither mobilized nor dismissed the alert: ${reason}. ${cleared.gate?.holder ?? who} is asked again with a fresh link; the gate escalates at its deadline if nobody decides.`
          : `${who} rejected the ${gate} sign-off: ${reason}. The incident stays in ${gate}.`,
      data: { gate, decision: 'reject', reason: approval?.reason ?? null, approvalId },
    },
    toIso(now),
  );
  return gateContext(cleared, gate, deps);
}

async function autoMobilize(incidentId: string, deps: StepsDeps): Promise<{ phase: string }> {
  const incident = await deps.incidents.require(incidentId);
  const onCall = onCallFor(incident, deps.plan);
  const result = await recordDecision(incidentId, 'alert', { decision: 'mobilize', decidedBy: onCall.lead, decidedAt: toIso(deps.clock.now()) }, deps, true);
  const sev = incident.severity.toUpperCase();
  await notifyPerson(
    deps,
    onCall.lead,
    {
      subject: `[sirp] ${sev} ${incident.id}: you are the Crisis Lead`,
      body: `${sev} incident ${incident.id}: ${incident.title}\nThe plan mobilizes ${incident.severity} incidents at once. You are the Crisis Lead.`,
      sms: `SIRP ${sev} ${incident.id}: you are the Crisis Lead (plan auto-mobilized).`,
    },
    incident,
  );
  // No Alert gate to page for: the context is gathered after the Crisis Lead's notice instead.
  await gatherContextAfterPage(await deps.incidents.require(incidentId), deps);
  return result;
}
