import { randomBytes } from 'node:crypto';
import { openIncident } from '../../core/incident/lifecycle';
import type { Incident } from '../../core/incident/incident.schema';
import type { Plan } from '../../core/plan/plan.schema';
import type { Clock } from '../../core/time/clock';
import { toIso } from '../../core/time/clock';
import { decideIntake, type IntakeDecision } from '../../core/triage/intake-decision';
import { normalizeEvent } from '../../core/triage/normalize-event';
import { jsonText } from '../../core/timeline/timeline-entry';
import type { Signal } from '../../core/triage/signal.schema';
import type { IncidentStore } from '../adapters/incident-store';
import type { DeliveryRecord, IntakeStore } from '../adapters/intake-store';
import type { TimelineStore } from '../adapters/timeline-store';
import { RecentIds } from './recent-ids';

export type Outcome = 'created' | 'joined' | 'duplicate' | 'resolved' | 'annotated' | 'ignored' | 'rejected';

export interface IntakeResult {
  readonly outcome: Outcome;
  readonly incidentId: string | null;
  readonly severity: string | null;
  readonly correlationKey: string | null;
  readonly reason: { readonly path: string; readonly message: string } | null;
}

export interface IntakeAnswer {
  readonly eventId: string;
  readonly results: IntakeResult[];
}

/** Starts the parent incident workflow; idempotent on the incident id. */
export interface WorkflowStarter {
  start(incidentId: string): Promise<void>;
}

export interface TriageDeps {
  readonly plan: Plan;
  readonly clock: Clock;
  readonly intake: IntakeStore;
  readonly incidents: IncidentStore;
  readonly timeline: TimelineStore;
  readonly workflows: WorkflowStarter;
  /** Drills mark what they create. */
  readonly drill?: boolean;
}

/** Duplicates are dropped before the store when this process has seen them (EventBridge redelivers). */
const recent = new RecentIds(50_000);

/** Bounded excerpt of rejected input, safe to store and show. */
const EXCERPT_CHARS = 4096;

export const newIncidentId = (now: number): string =>
  `inc-${now.toString(36)}${randomBytes(5).toString('hex').slice(0, 8)}`;

/**
 * Triage of one delivered event: normalize, decide, and carry out the
 * decision with single-item conditional writes so that, under any
 * concurrency and redelivery, one problem is one incident and one page.
 */
export async function triageEvent(raw: unknown, deps: TriageDeps): Promise<IntakeAnswer> {
  const normalized = normalizeEvent(raw);
  if (!normalized.ok) {
    const eventId = eventIdOf(raw);
    await deps.intake.addDeadLetter(
      { id: eventId, at: toIso(deps.clock.now()), ...normalized.reason, excerpt: excerpt(raw) },
      deps.clock.now(),
    );
    return { eventId, results: [{ outcome: 'rejected', incidentId: null, severity: null, correlationKey: null, reason: normalized.reason }] };
  }
  const results: IntakeResult[] = [];
  for (const signal of normalized.signals) results.push(await triageSignal(signal, deps));
  return { eventId: eventIdOf(raw), results };
}

async function triageSignal(signal: Signal, deps: TriageDeps): Promise<IntakeResult> {
  if (recent.has(signal.eventId)) return duplicateOf(signal, deps);
  for (let attempt = 1; attempt <= 5; attempt += 1) {
    const now = deps.clock.now();
    const problem = await deps.intake.getProblem(signal.correlationKey);
    const incident = problem === null ? null : await deps.incidents.get(problem.incidentId);
    if (problem !== null && incident === null) {
      // A crash between claiming the problem and writing the incident: finish the creation now.
      return create(signal, deps, problem.incidentId, decideAsNew(signal, deps.plan, now));
    }
    const decision = decideIntake(
      signal,
      deps.plan,
      problem === null || incident === null ? null : { incidentId: incident.id, open: incident.status === 'open', lastSeenAt: problem.lastSeenAt },
      now,
    );
    if (decision.outcome === 'created') {
      const id = newIncidentId(now);
      if (!(await deps.intake.claimProblem(signal.correlationKey, id, now, problem?.incidentId ?? null))) continue;
      return create(signal, deps, id, decision);
    }
    const incidentId = decision.outcome === 'ignored' ? null : decision.incidentId;
    if (!(await deps.intake.claimDelivery(delivery(signal, decision, incidentId, now), now))) return duplicateOf(signal, deps);
    recent.add(signal.eventId);
    if (incidentId !== null) {
      await deps.intake.touchProblem(signal.correlationKey, now);
      if (decision.outcome === 'resolved') {
        await deps.timeline.append(
          incidentId,
          { type: 'signal-resolved', actor: 'sirp', summary: `The source reports ${signal.state}: ${signal.title}. Offered to the Crisis Lead; the incident stays open.`, data: { eventId: signal.eventId } },
          toIso(now),
        );
      }
    }
    return result(decision.outcome, incidentId, decision.severity, signal.correlationKey);
  }
  throw new Error(`correlation key ${signal.correlationKey} kept changing under triage: retry the delivery`);
}

function decideAsNew(signal: Signal, plan: Plan, now: number): Extract<IntakeDecision, { outcome: 'created' }> {
  const decision = decideIntake(signal, plan, null, now);
  return decision.outcome === 'created' ? decision : { outcome: 'created', severity: plan.severity.default, rule: 'default' };
}

async function create(signal: Signal, deps: TriageDeps, id: string, decision: Extract<IntakeDecision, { outcome: 'created' }>): Promise<IntakeResult> {
  const now = deps.clock.now();
  const incident: Incident = openIncident(
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
  // Each write below is idempotent, so a crash anywhere is finished by the next signal or a retry.
  if (await deps.incidents.create(incident)) {
    await deps.timeline.append(
      id,
      { type: 'incident-opened', actor: 'sirp', summary: `${incident.severity} incident opened from ${signal.source}: ${incident.title} (severity rule: ${decision.rule})`, data: { eventId: signal.eventId, correlationKey: signal.correlationKey } },
      toIso(now),
    );
  }
  await deps.intake.claimDelivery(delivery(signal, decision, id, now), now);
  recent.add(signal.eventId);
  await deps.workflows.start(id);
  return result('created', id, decision.severity, signal.correlationKey);
}

async function duplicateOf(signal: Signal, deps: TriageDeps): Promise<IntakeResult> {
  const earlier = await deps.intake.getDelivery(signal.eventId);
  return result('duplicate', earlier?.incidentId ?? null, earlier?.severity ?? null, signal.correlationKey);
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

const result = (outcome: Outcome, incidentId: string | null, severity: string | null, correlationKey: string): IntakeResult => ({
  outcome,
  incidentId,
  severity,
  correlationKey,
  reason: null,
});

/** The id AWS gave the delivery, when the input has one we can read; else a fresh one for the dead letter. */
function eventIdOf(raw: unknown): string {
  if (raw !== null && typeof raw === 'object') {
    const record = raw as { id?: unknown; Records?: unknown };
    if (typeof record.id === 'string' && record.id.length <= 128) return record.id;
    if (Array.isArray(record.Records)) {
      const sns = (record.Records[0] as { Sns?: { MessageId?: unknown } } | undefined)?.Sns;
      if (typeof sns?.MessageId === 'string' && sns.MessageId.length <= 128) return sns.MessageId;
    }
  }
  return `rejected-${randomBytes(8).toString('hex')}`;
}

function excerpt(raw: unknown): string {
  try {
    return (jsonText(raw) ?? String(raw)).slice(0, EXCERPT_CHARS);
  } catch {
    return '(not serializable)';
  }
}
