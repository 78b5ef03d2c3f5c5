import { normalizeEvent, type NormalizeResult } from '../../../../core/triage/normalize-event';
import type { Signal } from '../../../../core/triage/signal.schema';
import type { IssueReason } from '../../../../core/validation/zod-issues';
import { loadFixture, type FixtureSource } from '../../../fixtures/events/load-fixture';

/** A firing GuardDuty signal with nothing for the severity rules to match: tests add what they need. */
export const TEST_SIGNAL: Signal = {
  eventId: 'evt-1',
  source: 'guardduty',
  kind: 'finding/test',
  state: 'firing',
  title: 'A test signal',
  resources: [],
  account: '123456789012',
  region: 'eu-central-1',
  time: '2024-01-01T00:00:00Z',
  severityInput: { tags: {}, attributes: {} },
  identity: 'id-1',
  correlationKey: 'key-1',
  raw: {},
};

/** The signals of an accepted event; fails the test with the reason otherwise. */
export function signalsOf(result: NormalizeResult): Signal[] {
  if (!result.ok) throw new Error(`expected the event to be accepted, got ${result.reason.path}: ${result.reason.message}`);
  return result.signals;
}

/** The first signal of an accepted event; fails the test if there is none. */
export function firstSignal(event: unknown): Signal {
  const [signal] = signalsOf(normalizeEvent(event));
  if (signal === undefined) throw new Error('no signal');
  return signal;
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
