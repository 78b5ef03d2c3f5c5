import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Incident } from '../../core/incident/incident.schema';
import { openIncident } from '../../core/incident/lifecycle';
import type { Plan } from '../../core/plan/plan.schema';
import { toIso } from '../../core/time/clock';
import { decideIntake, type IntakeDecision } from '../../core/triage/intake-decision';
import { resourceGroupKey } from '../../core/triage/resource-group';
import type { Signal } from '../../core/triage/signal.schema';
import type { DeliveryRecord, ProblemRecord } from '../adapters/intake-store';
import { LiveProblems } from './live-problems';
import { BoundedMap } from '../shared/bounded-map';
import type { IntakeResult, Outcome, TriageDeps } from './triage-service';

/**
 * One signal through correlation, with single-item conditional writes only
 * (dynalite has no transactions, and one item is one commit point in AWS too).
 *
 * Two keys can tie a signal to an incident: its source identity (alarm ARN,
 * finding id: `signal.correlationKey`) and, when it names a resource, the
 * plan's group of "same kind on the same resource" (`resourceGroupKey`). The
 * commit point of a new incident is the group key when there is one, else the
 * identity key; the identity key then follows the group's incident. Whoever
 * loses a claim reads again and joins the winner, so one problem is one
 * incident and one page under any concurrency.
 *
 * Idempotency on the event id: the delivery record (`EVTID#<id>`, a
 * conditional put) is written last, after the incident and its workflow, so a
 * crash before it is finished by the redelivery, and a redelivery after it is
 * a duplicate. Powertools Idempotency would need its own table item per
 * event and a second write; the delivery record is already the signal's
 * entry in the incident's list, so one write does both jobs.
 */

/** A claim whose incident is still missing after this long was left by a crash: the next signal finishes it. */
const IN_FLIGHT_MS = 30_000;
/** How long to wait for a creation in flight before reading again. */
const IN_FLIGHT_POLL_MS = 10;
/** Rounds of lost races and in-flight waits before giving up (the caller's retry takes over). */
const MAX_ROUNDS = 400;
/** The window's start moves at most this often per key: one write per key and minute instead of one per signal. */
const TOUCH_EVERY_MS = 60_000;

/** Duplicates are answered before the store when this process has seen them (EventBridge redelivers). */
const recent = new BoundedMap<IntakeResult>(100_000);
/**
 * Keys of live incidents, for 10 s: a storm's joins skip the two reads (see
 * `live-problems.ts`). The window is still checked on every signal; only
 * "still open, still this incident" is taken from memory, and closing an
 * incident is a person's decision that a join seconds later does not undo.
 */
const live = new LiveProblems<Found>(10_000, 50_000);
/** Joins not yet added to their key's count; written with the next touch. */
const uncounted = new Map<string, number>();

interface Found {
  readonly key: string;
  readonly record: ProblemRecord;
  readonly incident: Incident | null;
}

export const newIncidentId = (now: number): string => `inc-${now.toString(36)}${randomBytes(4).toString('hex')}`;

/** What a key points at; a live answer from the last second when there is one and `fresh` is not asked for. */
async function find(deps: TriageDeps, key: string, fresh: boolean): Promise<Found | null> {
  const remembered = fresh ? undefined : live.get(key);
  if (remembered !== undefined) return remembered;
  const record = await deps.intake.getProblem(key);
  if (record === null) return null;
  const found = { key, record, incident: await deps.incidents.get(record.incidentId) };
  if (isLive(found, deps.plan, deps.clock.now())) live.set(key, found);
  return found;
}

const isLive = (found: Found | null, plan: Plan, now: number): found is Found & { incident: Incident } =>
  found?.incident != null && found.incident.status === 'open' && now - found.record.lastSeenAt <= plan.correlation.window * 1000;

export async function triageSignal(signal: Signal, deps: TriageDeps): Promise<IntakeResult> {
  const known = recent.get(signal.eventId);
  if (known !== undefined) return { ...known, outcome: 'duplicate' };
  const groupKey = resourceGroupKey(signal);
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const now = deps.clock.now();
    // After a lost race, read the table itself.
    const fresh = round > 0;
    const identity = await find(deps, signal.correlationKey, fresh);
    const group = groupKey === undefined || isLive(identity, deps.plan, now) ? null : await find(deps, groupKey, fresh);

    // A key claimed for an incident not written yet: its creator is at work, or crashed.
    const pending = [identity, group].find((f): f is Found => f !== null && f.incident === null);
    if (pending !== undefined) {
      if (pending.record.createdBy === signal.eventId || now - pending.record.claimedAt > IN_FLIGHT_MS) {
        return create(signal, deps, pending.record.incidentId, decideAsNew(signal, deps.plan, now));
      }
      await sleep(IN_FLIGHT_POLL_MS);
      continue;
    }
    // The redelivery of the event that created the incident finishes what a crash may have left (workflow, delivery).
    if (identity !== null && identity.record.createdBy === signal.eventId) {
      return create(signal, deps, identity.record.incidentId, decideAsNew(signal, deps.plan, now));
    }

    const matched = isLive(identity, deps.plan, now) ? identity : isLive(group, deps.plan, now) ? group : null;
    const decision = decideIntake(
      signal,
      deps.plan,
      matched === null ? null : { incidentId: matched.record.incidentId, open: true, lastSeenAt: matched.record.lastSeenAt },
      now,
    );

    if (decision.outcome === 'created') {
      const id = newIncidentId(now);
      const commit = groupKey === undefined ? identity : group;
      const claim = { incidentId: id, createdBy: signal.eventId };
      if (!(await deps.intake.claimProblem(groupKey ?? signal.correlationKey, claim, now, commit?.record.incidentId ?? null))) continue;
      if (groupKey !== undefined && !(await deps.intake.claimProblem(signal.correlationKey, claim, now, identity?.record.incidentId ?? null))) {
        // The identity went to another incident meanwhile (the same finding from another source): hand the group to it.
        const winner = await deps.intake.getProblem(signal.correlationKey);
        if (winner !== null) await deps.intake.repointProblem(groupKey, id, winner.incidentId);
        continue;
      }
      return create(signal, deps, id, decision);
    }

    const incidentId = decision.outcome === 'ignored' ? null : decision.incidentId;
    if (incidentId !== null && matched === group && identity?.record.incidentId !== incidentId) {
      // The first signal of this identity in the group: the identity key follows the group's incident.
      const claim = { incidentId, createdBy: null };
      if (!(await deps.intake.claimProblem(signal.correlationKey, claim, now, identity?.record.incidentId ?? null))) continue;
    }
    if (!(await deps.intake.claimDelivery(delivery(signal, decision, incidentId, now), now))) return duplicateOf(signal, deps);
    if (matched !== null && incidentId !== null) {
      await count(deps, matched, now);
      if (decision.outcome === 'resolved') {
        await deps.timeline.append(
          incidentId,
          {
            type: 'signal-resolved',
            actor: 'sirp',
            summary: `The source reports ${signal.state}: ${signal.title}. Offered to the Crisis Lead; the incident stays open.`,
            data: { eventId: signal.eventId },
          },
          toIso(now),
        );
      }
    }
    return remember(signal, result(decision.outcome, incidentId, decision.severity, decision.rule, signal.correlationKey));
  }
  throw new Error(`correlation key ${signal.correlationKey} kept changing under triage: retry the delivery`);
}

/** Counts a join; the count and the window's start are written at most once per key and TOUCH_EVERY_MS. */
async function count(deps: TriageDeps, matched: Found, now: number): Promise<void> {
  const joins = (uncounted.get(matched.key) ?? 0) + 1;
  const every = Math.min(TOUCH_EVERY_MS, (deps.plan.correlation.window * 1000) / 10);
  if (now - matched.record.lastSeenAt < every) {
    // Bounded: a count lost with the map is only a display figure (the delivery records are the truth).
    if (uncounted.size > 10_000) uncounted.clear();
    uncounted.set(matched.key, joins);
    return;
  }
  uncounted.delete(matched.key);
  await deps.intake.touchProblem(matched.key, now, joins);
  live.set(matched.key, { ...matched, record: { ...matched.record, lastSeenAt: now } });
}

function decideAsNew(signal: Signal, plan: Plan, now: number): Extract<IntakeDecision, { outcome: 'created' }> {
  const decision = decideIntake(signal, plan, null, now);
  return decision.outcome === 'created' ? decision : { outcome: 'created', severity: plan.severity.default, rule: 'default' };
}

/**
 * Writes the incident, its first timeline entry, starts its workflow, and
 * records the delivery, in that order. Each step is idempotent (conditional
 * put, StartExecution named after the incident), so a crash anywhere is
 * finished by the redelivery; only the delivery record makes it a duplicate.
 */
async function create(signal: Signal, deps: TriageDeps, id: string, decision: Extract<IntakeDecision, { outcome: 'created' }>): Promise<IntakeResult> {
  const now = deps.clock.now();
  const incident = openIncident(
    {
      id,
      org: deps.plan.org,
      title: signal.title.slice(0, 300),
      severity: decision.severity,
      severityRule: decision.rule,
      source: signal.source,
      correlationKey: signal.correlationKey,
      drill: deps.drill ?? false,
    },
    now,
  );
  const created = await deps.incidents.create(incident);
  if (created) {
    // Just created: nothing can be on its timeline yet (its workflow starts below).
    await deps.timeline.begin(
      id,
      {
        type: 'incident-opened',
        actor: 'sirp',
        summary: `${incident.severity} incident opened from ${signal.source}: ${incident.title} (severity rule: ${decision.rule})`,
        data: { eventId: signal.eventId, correlationKey: signal.correlationKey },
      },
      toIso(now),
    );
  }
  // Only the delivery that created the incident knows its phase; a redelivery lets the workflow read it.
  await deps.workflows.start(id, created ? incident.phase : undefined);
  if (!(await deps.intake.claimDelivery(delivery(signal, decision, id, now), now))) return duplicateOf(signal, deps);
  return remember(signal, result('created', id, decision.severity, decision.rule, signal.correlationKey));
}

async function duplicateOf(signal: Signal, deps: TriageDeps): Promise<IntakeResult> {
  const earlier = await deps.intake.getDelivery(signal.eventId);
  const first = result((earlier?.outcome ?? 'duplicate') as Outcome, earlier?.incidentId ?? null, earlier?.severity ?? null, earlier?.rule ?? null, signal.correlationKey);
  recent.set(signal.eventId, first);
  return { ...first, outcome: 'duplicate' };
}

function remember(signal: Signal, answer: IntakeResult): IntakeResult {
  recent.set(signal.eventId, answer);
  return answer;
}

function delivery(signal: Signal, decision: IntakeDecision, incidentId: string | null, now: number): DeliveryRecord {
  return {
    eventId: signal.eventId,
    at: toIso(now),
    outcome: decision.outcome,
    incidentId,
    correlationKey: signal.correlationKey,
    source: signal.source,
    kind: signal.kind,
    title: signal.title,
    severity: decision.severity,
    rule: decision.rule,
    why: decision.outcome === 'ignored' ? decision.why : null,
    raw: signal.raw,
  };
}

const result = (outcome: Outcome, incidentId: string | null, severity: string | null, rule: string | null, correlationKey: string): IntakeResult => ({
  outcome,
  incidentId,
  severity,
  rule,
  correlationKey,
  reason: null,
});
