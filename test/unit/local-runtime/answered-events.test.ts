import { AnsweredEvents } from '../../../local/runtime/answered-events';
import type { IntakeAnswer } from '../../../lambdas/triage/triage-service';

const answer = (eventId: string, incidentId = 'inc-1'): IntakeAnswer => ({
  eventId,
  results: [{ outcome: 'created', incidentId, severity: 'sev2', rule: 'security-alarms', correlationKey: 'alarm:x', reason: null }],
});

describe('AnsweredEvents', () => {
  it('answers a body it has seen with the first answer, every result a duplicate', () => {
    const answered = new AnsweredEvents(10);
    const body = '{"id":"e-1"}';
    answered.remember(answered.keyOf(body), answer('e-1'));

    expect(JSON.parse(answered.get(answered.keyOf(body)) ?? 'null')).toEqual({ ...answer('e-1'), results: [{ ...answer('e-1').results[0], outcome: 'duplicate' }] });
  });

  it('knows nothing of a body that differs by one byte', () => {
    const answered = new AnsweredEvents(10);
    answered.remember(answered.keyOf('{"id":"e-1"}'), answer('e-1'));

    expect(answered.get(answered.keyOf('{"id":"e-1" }'))).toBeUndefined();
  });

  it('keeps the first answer when a body is answered again', () => {
    const answered = new AnsweredEvents(10);
    const key = answered.keyOf('{"id":"e-1"}');
    answered.remember(key, answer('e-1', 'inc-1'));
    answered.remember(key, answer('e-1', 'inc-2'));

    expect((JSON.parse(answered.get(key) ?? 'null') as IntakeAnswer).results[0]?.incidentId).toBe('inc-1');
  });

  it('forgets the oldest body beyond its capacity', () => {
    const answered = new AnsweredEvents(2);
    for (const id of ['a', 'b', 'c']) answered.remember(answered.keyOf(id), answer(id));

    expect([answered.get(answered.keyOf('a')), answered.get(answered.keyOf('b')), answered.get(answered.keyOf('c'))].map((a) => a !== undefined)).toEqual([false, true, true]);
  });
});
