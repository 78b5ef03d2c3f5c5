import { composeEmail, composeSms, type ApprovalNotice } from '../../../../core/approval/messages';
import { ApprovalLinkTooLongError } from '../../../../core/approval/approval-errors';
import { gsm7Length, isGsm7 } from '../../../../core/approval/gsm7';
import { issueLink } from '../../../../core/approval/link';
import { alertIncident, currentKey, MINUTE, pendingRecord, plan, T0 } from './approval-fixtures';

const record = pendingRecord();
const link = issueLink('https://ir.example.com', record, currentKey);

const notice = (overrides: Partial<ApprovalNotice> = {}): ApprovalNotice => ({
  incident: alertIncident(),
  subject: record.subject,
  recipient: { name: 'Alice Lead', timeZone: 'Europe/Berlin' },
  link,
  expiresAt: new Date(T0 + 15 * MINUTE).toISOString(),
  plan,
  ...overrides,
});

describe('composeEmail', () => {
  it('says what is decided, by when in the recipient time zone, with the link and the warning', () => {
    const email = composeEmail(notice());
    expect(email.subject).toBe('[sirp] SEV1 inc-01jd7x3k9m decision needed: Root credentials used from an unknown network');
    expect(email.body).toContain('Incident:  inc-01jd7x3k9m (SEV1) Root credentials used from an unknown network');
    expect(email.body).toContain('Decision:  Mobilize a response, or dismiss this alert as a false positive?');
    expect(email.body).toContain('Decide by: Mon 02 Mar 2026 10:15 CET (Mon 02 Mar 2026 09:15 UTC)');
    expect(email.body.split('\n')).toContain(link);
    expect(email.body).toContain('This link is personal');
    expect(email.body).toContain('Opening it decides nothing');
    expect(email.body).not.toContain('DRILL');
  });

  it('keeps the subject within what SNS accepts: ASCII, one line, under 100 characters', () => {
    const title = `Ünïcode “title”\r\nBcc: evil@example.com ${'x'.repeat(200)} 🚨`;
    const email = composeEmail(notice({ incident: alertIncident({ title }) }));
    expect(email.subject.length).toBeLessThan(100);
    expect(email.subject).toMatch(/^[\x20-\x7e]+$/);
    expect(email.subject.endsWith('...')).toBe(true);
    expect(email.body).not.toContain('\r');
    expect(email.body).toContain('Ünïcode “title” Bcc: evil@example.com');
  });

  it('marks a drill as a drill', () => {
    const email = composeEmail(notice({ incident: alertIncident({ drill: true }) }));
    expect(email.subject.startsWith('[sirp] DRILL SEV1')).toBe(true);
    expect(email.body).toContain('THIS IS A DRILL');
  });

  it('names the extraordinary action being approved', () => {
    const email = composeEmail(notice({ subject: { kind: 'action', actionId: 'isolate-web' } }));
    expect(email.body).toContain('"Isolate the web fleet"');
  });
});

describe('composeSms', () => {
  const fitsOneSms = (sms: string): void => {
    expect(isGsm7(sms)).toBe(true);
    expect(gsm7Length(sms)).toBeLessThanOrEqual(160);
  };

  it('fits one GSM-7 SMS with the whole link at the end', () => {
    const sms = composeSms(notice());
    fitsOneSms(sms);
    expect(sms.endsWith(` ${link}`)).toBe(true);
    expect(sms).toBe(`SIRP SEV1 inc-01jd7x3k9m Root credentials u...: Mobilize or dismiss? By 02 Mar 10:15 CET. ${link}`);
  });

  it('shows a short title whole and a long one shortened', () => {
    const shortLink = 'https://x.co/a/AAECAwQFBgcICQoLDA0ODw.AAECAwQFBgcICQoLDA0ODw';
    const short = composeSms(notice({ incident: alertIncident({ title: 'Root login' }), link: shortLink }));
    expect(short).toBe(`SIRP SEV1 inc-01jd7x3k9m Root login: Mobilize or dismiss? By 02 Mar 10:15 CET. ${shortLink}`);
    fitsOneSms(short);
    const long = composeSms(notice({ incident: alertIncident({ title: `Ｗide “quoted” {braces} ${'word '.repeat(40)}` }), link: shortLink }));
    fitsOneSms(long);
    expect(long).toMatch(/^SIRP SEV1 inc-01jd7x3k9m Wide "quoted" \{braces\} wor\.\.\.: Mobilize or dismiss\? /);
    const tiny = composeSms(notice({ incident: alertIncident({ title: 'Root' }), link: 'https://x/a/AAECAwQFBgcICQoLDA0ODw.AAECAwQFBgcICQoLDA0ODw' }));
    expect(tiny).toContain('Root: Mobilize or dismiss? By 02 Mar 10:15 CET. Opening decides nothing: https://x/a/');
  });

  it('drops the title, then the note, then the deadline as the base URL grows, never the link', () => {
    const seen = new Set<string>();
    for (let extra = 0; extra <= 90; extra += 1) {
      const longLink = `https://${'a'.repeat(extra)}ir.example.com/a/AAECAwQFBgcICQoLDA0ODw.AAECAwQFBgcICQoLDA0ODw`;
      const sms = composeSms(notice({ link: longLink, incident: alertIncident({ drill: true }) }));
      fitsOneSms(sms);
      expect(sms.endsWith(longLink)).toBe(true);
      seen.add(sms.replace(longLink, '<link>').replace(/Root cred.*?: /, '<title>: '));
    }
    expect([...seen]).toEqual(
      expect.arrayContaining([
        'DRILL SIRP SEV1 inc-01jd7x3k9m <title>: Mobilize or dismiss? By 02 Mar 10:15 CET. <link>',
        'DRILL SIRP SEV1 inc-01jd7x3k9m: Mobilize or dismiss? By 02 Mar 10:15 CET. <link>',
        'DRILL SIRP SEV1 inc-01jd7x3k9m: Mobilize or dismiss? <link>',
        'DRILL SIRP: Mobilize or dismiss? <link>',
        'DRILL <link>',
      ]),
    );
  });

  it('sends the bare link when nothing else fits', () => {
    const longLink = `https://${'b'.repeat(90)}.example.com/a/AAECAwQFBgcICQoLDA0ODw.AAECAwQFBgcICQoLDA0ODw`;
    expect(composeSms(notice({ link: longLink, incident: alertIncident({ drill: true }) }))).toBe(longLink);
  });

  it('refuses a link that cannot fit or cannot be sent in GSM-7', () => {
    expect(() => composeSms(notice({ link: `https://${'c'.repeat(160)}.example.com/a/x` }))).toThrow(ApprovalLinkTooLongError);
    expect(() => composeSms(notice({ link: 'https://ir.example.com/a/`x`' }))).toThrow(ApprovalLinkTooLongError);
  });

  it('uses the short question of each subject', () => {
    expect(composeSms(notice({ subject: { kind: 'gate', gate: 'contain' } }))).toContain('Containment achieved?');
    expect(composeSms(notice({ subject: { kind: 'action', actionId: 'gone-from-plan' } }))).toContain('Approve containment action?');
    expect(composeSms(notice({ subject: { kind: 'communication', draftId: 'customers-1' } }))).toContain('Release communication?');
  });
});
