import { randomBytes } from 'node:crypto';
import type { Phase } from '../../core/incident/phases';
import type { Plan } from '../../core/plan/plan.schema';
import type { Clock } from '../../core/time/clock';
import { toIso } from '../../core/time/clock';
import { jsonText } from '../../core/timeline/timeline-entry';
import { normalizeEvent } from '../../core/triage/normalize-event';
import type { Signal } from '../../core/triage/signal.schema';
import type { IssueReason } from '../../core/validation/zod-issues';
import type { IncidentStore } from '../adapters/incident-store';
import type { IntakeStore } from '../adapters/intake-store';
import type { TimelineStore } from '../adapters/timeline-store';
import { triageSignal } from './triage-signal';

export { newIncidentId } from './triage-signal';

export type Outcome = 'created' | 'joined' | 'duplicate' | 'resolved' | 'annotated' | 'ignored' | 'rejected';

export interface IntakeResult {
  readonly outcome: Outcome;
  readonly incidentId: string | null;
  readonly severity: string | null;
  /** The plan's severity rule that matched ("default" when none did): recorded on the incident as `severityRule`. */
  readonly rule: string | null;
  readonly correlationKey: string | null;
  readonly reason: { readonly path: string; readonly message: string } | null;
}

export interface IntakeAnswer {
  readonly eventId: string;
  readonly results: IntakeResult[];
}

/** Starts the parent incident workflow; idempotent on the incident id. */
export interface WorkflowStarter {
  /**
   * `phase`: the incident's phase when the caller has just created it (the
   * workflow then goes straight to it, without reading the incident first).
   * Omitted, the workflow reads it: a redelivery cannot know what happened since.
   */
  start(incidentId: string, phase?: Phase): Promise<void>;
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

/** Bounded excerpt of rejected input, safe to store and show. */
const EXCERPT_CHARS = 4096;

/**
 * Triage of one delivered event: normalize, then each signal through
 * correlation (`triage-signal.ts`). Bad input is dead-lettered with the
 * field and the reason, and answered, never thrown: a retry could not fix
 * it, and it must not hold up the good events behind it.
 */
export async function triageEvent(raw: unknown, deps: TriageDeps): Promise<IntakeAnswer> {
  const normalized = normalizeEvent(raw);
  if (!normalized.ok) return reject(raw, normalized.reason, deps);
  return triageSignals(eventIdOf(raw), normalized.signals, deps);
}

/** Signals already normalized (a manual declaration), one after the other. */
export async function triageSignals(eventId: string, signals: readonly Signal[], deps: TriageDeps): Promise<IntakeAnswer> {
  const results: IntakeResult[] = [];
  for (const signal of signals) results.push(await triageSignal(signal, deps));
  return { eventId, results };
}

/** Keeps rejected input as a dead letter and answers with the reason. */
export async function reject(raw: unknown, reason: IssueReason, deps: Pick<TriageDeps, 'intake' | 'clock'>): Promise<IntakeAnswer> {
  const eventId = eventIdOf(raw);
  const now = deps.clock.now();
  await deps.intake.addDeadLetter({ id: eventId, at: toIso(now), ...reason, excerpt: excerpt(raw) }, now);
  return { eventId, results: [{ outcome: 'rejected', incidentId: null, severity: null, rule: null, correlationKey: null, reason }] };
}

/** The id AWS gave the delivery, when the input has one we can read; else a fresh one for the dead letter. */
function eventIdOf(raw: unknown): string {
  if (raw !== null && typeof raw === 'object') {
    const record = raw as { id?: unknown; Records?: unknown };
    if (typeof record.id === 'string' && record.id.length > 0 && record.id.length <= 128) return record.id;
    if (Array.isArray(record.Records)) {
      const sns = (record.Records[0] as { Sns?: { MessageId?: unknown } } | undefined)?.Sns;
      if (typeof sns?.MessageId === 'string' && sns.MessageId.length > 0 && sns.MessageId.length <= 128) return sns.MessageId;
    }
  }
  return `rejected-${randomBytes(8).toString('hex')}`;
}

function excerpt(raw: unknown): string {
  if (typeof raw === 'string') return raw.slice(0, EXCERPT_CHARS);
  try {
    return (jsonText(raw) ?? String(raw)).slice(0, EXCERPT_CHARS);
  } catch {
    return '(not serializable)';
  }
}
