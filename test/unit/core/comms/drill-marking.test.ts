import { markDrill, saysDrill } from '../../../../core/comms/drill-marking';

describe('markDrill', () => {
  it('puts DRILL first in an email subject and body', () => {
    const message = { channel: 'email' as const, subject: '[sirp] SEV1 inc-01: you are engaged', body: 'Join the bridge.', recipient: 'ann' };
    expect(markDrill(message)).toEqual({
      channel: 'email',
      subject: '[DRILL] [sirp] SEV1 inc-01: you are engaged',
      body: 'THIS IS A DRILL: a rehearsal, not a real incident.\n\nJoin the bridge.',
      recipient: 'ann',
    });
  });

  it('marks an email without a subject in its body only', () => {
    expect(markDrill({ channel: 'email', body: 'Status.' })).toEqual({ channel: 'email', body: 'THIS IS A DRILL: a rehearsal, not a real incident.\n\nStatus.' });
  });

  it('starts an SMS with DRILL', () => {
    expect(markDrill({ channel: 'sms', body: 'SIRP inc-01: sync at 10:00' })).toEqual({ channel: 'sms', body: 'DRILL SIRP inc-01: sync at 10:00' });
  });

  it('leaves a message composed as a drill message as it is (the approval pages)', () => {
    const sms = { channel: 'sms' as const, body: 'DRILL SIRP SEV1 inc-01: decide https://x/a/1' };
    const email = { channel: 'email' as const, subject: '[sirp] DRILL SEV1 inc-01 decision needed', body: 'THIS IS A DRILL. Decide as you would.' };
    expect(markDrill(sms)).toBe(sms);
    expect(markDrill(email)).toEqual(email);
  });

  it('sees DRILL in the first lines of a body only', () => {
    expect(saysDrill('Hello Ann,\n\nTHIS IS A DRILL. Decide as you would.')).toBe(true);
    expect(saysDrill('a\nb\nc\nd\nTHIS IS A DRILL')).toBe(false);
    expect(markDrill({ channel: 'email' as const, body: 'Hello Ann,\n\nTHIS IS A DRILL. Decide.' }).body).toBe('Hello Ann,\n\nTHIS IS A DRILL. Decide.');
  });
});
