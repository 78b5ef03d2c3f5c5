import { PlanSchema } from '../../../../core/plan/plan.schema';
import { deliveryAttributes, planSubscriptions, recipientFilterPolicy } from '../../../../core/plan/subscriptions';
import { validPlanInput } from './plan-fixture';

describe('planSubscriptions', () => {
  it('gives each contact an email and an sms subscription, each filtered to that contact and channel', () => {
    const input = validPlanInput();
    const subscriptions = planSubscriptions(PlanSchema.parse(input));
    expect(subscriptions.filter((s) => s.contactId === 'lena')).toEqual([
      { contactId: 'lena', protocol: 'email', endpoint: 'lena@test.example', filterPolicy: { recipient: ['lena'], channel: ['email'] } },
      { contactId: 'lena', protocol: 'sms', endpoint: '+14155550101', filterPolicy: { recipient: ['lena'], channel: ['sms'] } },
    ]);
  });

  it('skips the channel a contact has no address for', () => {
    const input = validPlanInput();
    input.contacts.push({ id: 'pat', name: 'Pat Phone', phone: '+14155550199', timeZone: 'Europe/Berlin' });
    const subscriptions = planSubscriptions(PlanSchema.parse(input));
    expect(subscriptions.filter((s) => s.contactId === 'cam').map((s) => s.protocol)).toEqual(['email']);
    expect(subscriptions.filter((s) => s.contactId === 'pat').map((s) => s.protocol)).toEqual(['sms']);
  });

  it('keeps contact order with email before sms', () => {
    const subscriptions = planSubscriptions(PlanSchema.parse(validPlanInput()));
    expect(subscriptions.map((s) => `${s.contactId}/${s.protocol}`)).toEqual([
      'lena/email', 'lena/sms', 'dev/email', 'dev/sms', 'eve/email', 'eve/sms', 'cam/email', 'staff/email',
    ]);
  });
});

describe('deliveryAttributes', () => {
  it('names the recipient and channel the filter policy admits', () => {
    const attributes = deliveryAttributes('lena', 'sms');
    const policy = recipientFilterPolicy('lena', 'sms');
    expect(attributes).toEqual({ recipient: 'lena', channel: 'sms' });
    expect(policy.recipient).toContain(attributes.recipient);
    expect(policy.channel).toContain(attributes.channel);
  });

  it('carries the incident and approval ids when given', () => {
    expect(deliveryAttributes('lena', 'email', { incidentId: 'inc-1', approvalId: 'apr-1' })).toEqual({
      recipient: 'lena', channel: 'email', incidentId: 'inc-1', approvalId: 'apr-1',
    });
  });
});
