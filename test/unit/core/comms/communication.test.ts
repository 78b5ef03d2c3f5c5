import {
  approveDraft,
  audienceRecipients,
  type CommunicationDraft,
  CommunicationDraftSchema,
  DraftRequestSchema,
  expireDraft,
  newDraft,
  rejectDraft,
  releaseDraft,
  titleOf,
  withApproval,
} from '../../../../core/comms/communication';
import { outcomeNotice, releaseDeliveries, reviewCopy } from '../../../../core/comms/delivery';
import { TransitionRefusedError } from '../../../../core/errors/sirp-error';
import type { Incident } from '../../../../core/incident/incident.schema';
import { openIncident } from '../../../../core/incident/lifecycle';
import type { Plan } from '../../../../core/plan/plan.schema';
import { validPlan } from '../plan/plan-fixture';

const T0 = Date.parse('2026-03-02T09:00:00.000Z');
const plan = validPlan();

function mobilized(overrides: Partial<Incident> = {}): Incident {
  const incident = openIncident(
    { id: 'inc-0123456789', org: 'testorg', title: 'Key leak', severity: 'sev2', severityRule: 'r', source: 'guardduty', correlationKey: 'k', drill: false },
    T0,
  );
  return { ...incident, phase: 'contain', crisisLead: 'lena', ...overrides };
}

const draft = (message = '# Service notice\n\nWe are investigating.', author?: string): CommunicationDraft =>
  newDraft({ draftId: 'com-0a1b2c3d4e5f', request: { audience: 'employees', message, ...(author === undefined ? {} : { author }) } }, mobilized(), plan, T0);

describe('newDraft', () => {
  it('starts pending, titled by the first line, written by the communications group', () => {
    const d = draft();
    expect(d).toMatchObject({ status: 'pending', title: 'Service notice', author: 'cam', version: 1, recipients: [], approvalId: null });
    expect(CommunicationDraftSchema.parse(d)).toEqual(d);
  });

  it('keeps an author who is named', () => {
    expect(draft('x', 'dev').author).toBe('dev');
  });

  it('falls back to the Crisis Lead when the plan has no communications group', () => {
    const noComms: Plan = { ...plan, stakeholders: {} };
    expect(newDraft({ draftId: 'com-0a1b2c3d4e5f', request: { audience: 'employees', message: 'x' } }, mobilized(), noComms, T0).author).toBe('lena');
  });

  it('refuses an incident without a Crisis Lead, or one that is over', () => {
    const request = { audience: 'employees' as const, message: 'x' };
    expect(() => newDraft({ draftId: 'com-0a1b2c3d4e5f', request }, mobilized({ crisisLead: null, phase: 'alert' }), plan, T0)).toThrow(/no Crisis Lead.*in alert/);
    expect(() => newDraft({ draftId: 'com-0a1b2c3d4e5f', request }, mobilized({ status: 'closed' }), plan, T0)).toThrow(TransitionRefusedError);
  });

  it('refuses an audience the plan does not define, naming the field', () => {
    expect(() => newDraft({ draftId: 'com-0a1b2c3d4e5f', request: { audience: 'customers', message: 'x' } }, mobilized(), plan, T0)).toThrow(/^audience: the plan defines no "customers" audience/);
  });
});

describe('DraftRequestSchema', () => {
  it('rejects an empty message and an unknown audience with the field', () => {
    const result = DraftRequestSchema.safeParse({ audience: 'press', message: '  ' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['audience', 'message']);
  });

  it('rejects unknown fields', () => {
    expect(DraftRequestSchema.safeParse({ audience: 'employees', message: 'x', taskToken: 't' }).success).toBe(false);
  });
});

describe('titleOf', () => {
  it('uses the first non-empty line without heading marks', () => {
    expect(titleOf('\n\n## Update 2  \nbody')).toBe('Update 2');
  });

  it('falls back to a generic title', () => {
    expect(titleOf('###')).toBe('Incident communication');
    expect(titleOf('')).toBe('Incident communication');
  });
});

describe('draft transitions', () => {
  it('releases only an approved draft', () => {
    const pending = draft();
    expect(() => releaseDraft(pending, ['staff'], T0)).toThrow(/is pending: it cannot be released/);
    const approved = approveDraft(pending, 'lena', '2026-03-02T09:10:00.000Z');
    expect(approved).toMatchObject({ status: 'approved', decidedBy: 'lena', version: 2 });
    const released = releaseDraft(approved, ['staff'], T0 + 60_000);
    expect(released).toMatchObject({ status: 'released', recipients: ['staff'], releasedAt: '2026-03-02T09:01:00.000Z', version: 3 });
    expect(() => approveDraft(released, 'lena', 'x')).toThrow(TransitionRefusedError);
  });

  it('returns a rejected draft with its reason', () => {
    const rejected = rejectDraft(draft(), 'lena', 'wrong tone', '2026-03-02T09:10:00.000Z');
    expect(rejected).toMatchObject({ status: 'rejected', decidedBy: 'lena', reason: 'wrong tone' });
    expect(() => rejectDraft(rejected, 'lena', 'again', 'x')).toThrow(TransitionRefusedError);
  });

  it('expires a pending draft', () => {
    expect(expireDraft(draft(), T0)).toMatchObject({ status: 'expired', decidedAt: '2026-03-02T09:00:00.000Z' });
  });

  it('remembers the approval once', () => {
    const d = withApproval(draft(), 'APR1');
    expect(d).toMatchObject({ approvalId: 'APR1', version: 2 });
    expect(withApproval(d, 'APR1')).toBe(d);
  });
});

describe('audienceRecipients', () => {
  it('reads the plan', () => {
    expect(audienceRecipients(plan, 'employees')).toEqual(['staff']);
  });
});

describe('deliveries', () => {
  it('emails the full text, texts the headline to a contact without email, skips strangers', () => {
    const withPhoneOnly: Plan = { ...plan, contacts: [...plan.contacts, { id: 'pager', name: 'Pager', phone: '+14155550199', timeZone: 'UTC' }] };
    const approved = approveDraft(draft(), 'lena', '2026-03-02T09:10:00.000Z');
    expect(releaseDeliveries(approved, ['staff', 'pager', 'nobody'], withPhoneOnly)).toEqual([
      { recipient: 'staff', channel: 'email', subject: '[Test Organization] Service notice', body: approved.message },
      { recipient: 'pager', channel: 'sms', body: 'Test Organization: Service notice' },
    ]);
  });

  it('sends the Crisis Lead the text of the draft to decide on', () => {
    const copy = reviewCopy(draft(), 'lena');
    expect(copy).toMatchObject({ recipient: 'lena', channel: 'email' });
    expect(copy.body).toContain('We are investigating.');
    expect(copy.subject).toContain('awaiting your approval');
  });

  it('tells the author the outcome', () => {
    const released = releaseDraft(approveDraft(draft(), 'lena', '2026-03-02T09:10:00.000Z'), ['staff'], T0);
    expect(outcomeNotice(released).body).toContain('approved by lena and sent to 1 recipient(s)');
    expect(outcomeNotice({ ...released, decidedBy: null }).body).toContain('approved by the Crisis Lead');
    const rejected = rejectDraft(draft(), 'lena', 'tone', 'x');
    expect(outcomeNotice(rejected)).toMatchObject({ recipient: 'cam', subject: expect.stringContaining('was rejected') as unknown });
    expect(outcomeNotice(rejected).body).toContain('rejected by lena.\nReason: tone');
    expect(outcomeNotice(expireDraft(draft(), T0)).body).toMatch(/was expired\.\nRevise it/);
  });
});
