import { normalizeEvent, type NormalizeResult } from '../../../../core/triage/normalize-event';
import type { Signal } from '../../../../core/triage/signal.schema';
import type { IssueReason } from '../../../../core/validation/zod-issues';
import { loadFixture, type FixtureSource } from '../../../fixtures/events/load-fixture';

/** The signals of an accepted event; fails the test with the reason otherwise. */
export function signalsOf(result: NormalizeResult): Signal[] {
  if (!result.ok) throw new Error(`expected the event to be accepted, got ${result.reason.path}: ${result.reason.message}`);
  return result.signals;
}

/** The reason an event was rejected; fails the test if it was accepted. */
export function reasonOf(result: NormalizeResult | { readonly ok: boolean; readonly reason?: IssueReason }): IssueReason {
  if (result.ok || result.reason === undefined) throw new Error('expected the event to be rejected, it was accepted');
  return result.reason;
}

/** The single signal a fixture normalizes to. */
export function onlySignal(source: FixtureSource, name: string): Signal {
  const signals = signalsOf(normalizeEvent(loadFixture(source, name)));
  if (signals.length !== 1) throw new Error(`expected one signal from ${source}/${name}, got ${signals.length}`);
  return signals[0] as Signal;
}
