import { createHash } from 'node:crypto';
import { BoundedMap } from '../../lambdas/shared/bounded-map';
import type { IntakeAnswer } from '../../lambdas/triage/triage-service';

/**
 * The intake's answers to event bodies it has already triaged, keyed by the
 * SHA-256 of the exact body text, so that a redelivery of the same bytes is
 * answered without parsing, guarding, normalizing and invoking the handler
 * again (in a storm two deliveries in three are redeliveries).
 *
 * The answer is the one the full path would give: for the same text,
 * normalization gives the same signals, and each signal's answer then comes
 * from the handler's memory of event ids (`triage-signal.ts`) or, once that has
 * forgotten it, from the delivery record in the table; both hold the first
 * answer, which a redelivery reports as `duplicate`. Only answers of accepted
 * events (202) are kept, after their delivery records are written: a body
 * that differs by one byte (a hostile one reusing a known event id, say) is
 * not found here and takes the full path, with its validation and dead letter.
 */
export class AnsweredEvents {
  /** Digest to the serialized redelivery answer. */
  private readonly entries: BoundedMap<string>;

  /** `capacity` bounds memory: about 300 bytes an entry. */
  constructor(capacity: number) {
    this.entries = new BoundedMap(capacity);
  }

  /** The key of a body: its digest, never the text itself (a body is up to 256 KB). */
  keyOf(text: string): string {
    return createHash('sha256').update(text).digest('base64');
  }

  /** The JSON text of the answer to a redelivery of the body with this key, if it was answered before. */
  get(key: string): string | undefined {
    return this.entries.get(key);
  }

  /** Remembers an accepted event's answer in the form a redelivery gets it: every result a `duplicate`. */
  remember(key: string, answer: IntakeAnswer): void {
    if (this.entries.has(key)) return;
    const redelivery: IntakeAnswer = { eventId: answer.eventId, results: answer.results.map((r) => ({ ...r, outcome: 'duplicate' })) };
    this.entries.set(key, JSON.stringify(redelivery));
  }
}
