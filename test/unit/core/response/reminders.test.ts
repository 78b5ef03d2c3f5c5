import { claimReminder, dueReminders, reminderChannels, reminderMessage } from '../../../../core/response/reminders';
import { openWorkstream } from '../../../../core/response/workstreams';
import { MINUTE, mobilized, plan, T0 } from './response-fixtures';

const HOUR = 60 * MINUTE;
// Plan defaults: response every 4 h, engineering every 1 h, communications every 2 h.
const withStreams = () => openWorkstream(openWorkstream(mobilized(), 'engineering', ['lena', 'dev'], T0), 'communications', ['lena', 'cam'], T0 + 10 * MINUTE);

describe('dueReminders', () => {
  it('is due nothing before the first cadence period has passed', () => {
    expect(dueReminders([withStreams()], plan, T0 + 59 * MINUTE)).toEqual([]);
  });

  it('reminds each stream at its own cadence, the whole response with everyone', () => {
    const due = dueReminders([withStreams()], plan, T0 + 4 * HOUR + 10 * MINUTE);
    expect(due).toEqual([
      { incidentId: 'inc-01jd7x3k9m', stream: 'response', slot: 1, recipients: ['lena', 'dev', 'cam'] },
      { incidentId: 'inc-01jd7x3k9m', stream: 'engineering', slot: 4, recipients: ['lena', 'dev'] },
      { incidentId: 'inc-01jd7x3k9m', stream: 'communications', slot: 2, recipients: ['lena', 'cam'] },
    ]);
  });

  it('sends a claimed slot once, and the next slot when it comes', () => {
    const claimed = claimReminder(withStreams(), 'engineering', 1, T0 + HOUR);
    expect(dueReminders([claimed], plan, T0 + HOUR + MINUTE)).toEqual([]);
    expect(dueReminders([claimed], plan, T0 + 2 * HOUR).map((r) => [r.stream, r.slot])).toEqual([['engineering', 2]]);
  });

  it('stops when the incident is closed or dismissed, and waits for open workstreams', () => {
    expect(dueReminders([{ ...withStreams(), status: 'closed' }], plan, T0 + 10 * HOUR)).toEqual([]);
    expect(dueReminders([{ ...withStreams(), status: 'dismissed' }], plan, T0 + 10 * HOUR)).toEqual([]);
    expect(dueReminders([mobilized()], plan, T0 + 10 * HOUR)).toEqual([]);
  });
});

describe('claimReminder', () => {
  it('claims a slot once; an earlier slot or a closed incident changes nothing', () => {
    const incident = withStreams();
    const claimed = claimReminder(incident, 'response', 2, T0 + 8 * HOUR);
    expect(claimed.remindersSent).toEqual({ response: 2 });
    expect(claimed.version).toBe(incident.version + 1);
    expect(claimReminder(claimed, 'response', 2, T0 + 8 * HOUR)).toBe(claimed);
    expect(claimReminder(claimed, 'response', 1, T0 + 8 * HOUR)).toBe(claimed);
    const closed = { ...incident, status: 'closed' as const };
    expect(claimReminder(closed, 'response', 3, T0)).toBe(closed);
  });
});

describe('reminderMessage', () => {
  it('names the sync, its number, the phase and the Crisis Lead', () => {
    const message = reminderMessage(withStreams(), { incidentId: 'inc-01jd7x3k9m', stream: 'communications', slot: 3, recipients: ['lena'] });
    expect(message.subject).toBe('[sirp] SEV2 inc-01jd7x3k9m: Communications workstream sync #3 is due');
    expect(message.body).toContain('(phase mobilize). Crisis Lead: lena.');
    expect(message.sms).toBe('SIRP inc-01jd7x3k9m: Communications workstream sync #3 due now.');
    expect(reminderMessage({ ...withStreams(), crisisLead: null }, { incidentId: 'x', stream: 'response', slot: 1, recipients: [] }).body).toContain('Crisis Lead: -.');
  });
});

describe('reminderChannels', () => {
  const both = { email: 'a@test.example', phone: '+14155550123' };

  it('sends a reminder by email only, unless the plan adds SMS', () => {
    expect(reminderChannels(both, ['email'])).toEqual(['email']);
    expect(reminderChannels(both, ['email', 'sms'])).toEqual(['email', 'sms']);
    expect(reminderChannels({ email: 'a@test.example' }, ['email', 'sms'])).toEqual(['email']);
  });

  it('falls back to what a contact has when they have none of the plan channels', () => {
    expect(reminderChannels({ phone: '+14155550123' }, ['email'])).toEqual(['sms']);
    expect(reminderChannels({ email: 'a@test.example' }, ['sms'])).toEqual(['email']);
  });
});
