import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { toIso } from '../../core/time/clock';
import { parseEventText } from '../../core/triage/input-guard';
import type { IntakeStore } from '../../lambdas/adapters/intake-store';
import type { IntakeAnswer } from '../../lambdas/triage/triage-service';
import type { AnsweredEvents } from './answered-events';
import { BodyTooLargeError, readBody } from './http-body';
import { sendError, sendJson, sendJsonText } from './json-response';

/** EventBridge caps an event at 256 KB; the intake takes no more. */
export const MAX_EVENT_BYTES = 256 * 1024;

export interface EventsRouteDeps {
  /** The triage Lambda handler, called in-process exactly as AWS would call it. */
  readonly triage: (event: unknown) => Promise<IntakeAnswer>;
  readonly intake: IntakeStore;
  readonly now: () => number;
  /** Redeliveries of a body already accepted are answered from here (see answered-events.ts). */
  readonly answered?: AnsweredEvents;
}

/**
 * `POST /events`: the body an EventBridge target or an SNS-subscribed Lambda
 * receives. 202 once the signal is in the table; 400 naming the bad field
 * (and a dead letter); 413 over 256 KB.
 */
export async function handleEvents(req: IncomingMessage, res: ServerResponse, deps: EventsRouteDeps): Promise<void> {
  let text: string;
  try {
    text = (await readBody(req, MAX_EVENT_BYTES)).toString('utf8');
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      const message = `exceeds the maximum event size of ${MAX_EVENT_BYTES} bytes`;
      await deadLetter(deps, { path: '$', message }, '(not kept: the body was cut off at the size limit)');
      sendError(res, 413, `event ${message}`, '$');
      return;
    }
    throw error;
  }
  const key = deps.answered?.keyOf(text);
  const known = key === undefined ? undefined : deps.answered?.get(key);
  if (known !== undefined) {
    sendJsonText(res, 202, known);
    return;
  }
  const parsed = parseEventText(text);
  if (!parsed.ok) {
    const eventId = await deadLetter(deps, parsed.reason, text.slice(0, 4096));
    const answer: IntakeAnswer = {
      eventId,
      results: [{ outcome: 'rejected', incidentId: null, severity: null, rule: null, correlationKey: null, reason: parsed.reason }],
    };
    sendJson(res, 400, answer);
    return;
  }
  const answer = await deps.triage(parsed.value);
  const accepted = !answer.results.some((r) => r.outcome === 'rejected');
  sendJson(res, accepted ? 202 : 400, answer);
  // Accepted means every signal's delivery record is written: a redelivery is a duplicate from now on.
  if (accepted && key !== undefined) deps.answered?.remember(key, answer);
}

/** Keeps input refused before triage (too large, not JSON, over a bound) where `sirp deadletters` shows it. */
async function deadLetter(deps: EventsRouteDeps, reason: { readonly path: string; readonly message: string }, excerpt: string): Promise<string> {
  const id = `rejected-${randomBytes(8).toString('hex')}`;
  const now = deps.now();
  await deps.intake.addDeadLetter({ id, at: toIso(now), ...reason, excerpt }, now);
  return id;
}
