import { normalizeEvent } from '../../../../core/triage/normalize-event';
import { loadFixture, withField, withoutField } from '../../../fixtures/events/load-fixture';
import { firstSignal, onlySignal, reasonOf } from './helpers';

const OPEN = 'ec2-operational-issue-open';

describe('AWS Health events', () => {
  it('names the affected entities with their tags, and reads the English description', () => {
    const signal = onlySignal('health', OPEN);

    expect(signal.resources).toEqual([
      { type: 'AwsHealthEntity:EC2', id: 'i-abcd1111', arn: undefined, tags: { stage: 'prod', app: 'my-app' } },
    ]);
    expect(signal).toMatchObject({
      title: 'AWS Health: AWS_EC2_OPERATIONAL_ISSUE (EC2)',
      account: '123456789012',
      region: 'us-east-1',
      time: '2023-01-27T01:43:21.000Z',
      severityInput: {
        tags: { stage: 'prod', app: 'my-app' },
        attributes: { service: 'EC2', eventTypeCode: 'AWS_EC2_OPERATIONAL_ISSUE' },
      },
    });
    expect(signal.description).toMatch(/^We are investigating increased API error rates/);
  });

  it('keeps the event scope for the timeline and the plan, and has none for older events', () => {
    const publicEvent = firstSignal(withField(loadFixture('health', OPEN), ['detail', 'eventScopeCode'], 'PUBLIC'));

    expect(publicEvent.severityInput.attributes.scope).toBe('PUBLIC');
    expect(onlySignal('health', 'legacy-instance-store-degraded').severityInput.attributes).not.toHaveProperty('scope');
  });

  it('gives the closing event the key of the opening one', () => {
    const open = onlySignal('health', OPEN);
    const closed = onlySignal('health', 'ec2-operational-issue-closed');

    expect(closed.state).toBe('resolved');
    expect(closed.correlationKey).toBe(open.correlationKey);
  });

  it.each([
    ['investigation', 'open', 'firing'],
    ['issue', 'upcoming', 'info'],
    ['accountNotification', 'open', 'info'],
    ['scheduledChange', 'closed', 'resolved'],
  ])('reads a %s that is %s as %s', (category, status, state) => {
    let event = withField(loadFixture('health', OPEN), ['detail', 'eventTypeCategory'], category);
    event = withField(event, ['detail', 'statusCode'], status);

    const signal = firstSignal(event);

    expect(signal.state).toBe(state);
    expect(signal.kind).toBe(`health/${category}`);
  });

  it('reads the older shape: region from the event ARN, account from the envelope', () => {
    const signal = onlySignal('health', 'legacy-instance-store-degraded');

    expect(signal).toMatchObject({ region: 'us-west-2', account: '123456789012', state: 'firing' });
    expect(signal.description).toBe('A description of the event will be provided here');
  });

  it('takes the envelope region when neither the detail nor the ARN names one', () => {
    let event = withoutField(loadFixture('health', OPEN), ['detail', 'eventRegion']);
    event = withField(event, ['detail', 'eventArn'], 'health-event-7f35c8ae');

    expect(firstSignal(event).region).toBe('us-east-1');
  });

  it('falls back to the first description when none is in English, and to none', () => {
    const french = withField(loadFixture('health', OPEN), ['detail', 'eventDescription'], [
      { language: 'fr_FR', latestDescription: 'Nous enquêtons.' },
    ]);
    const none = withoutField(loadFixture('health', OPEN), ['detail', 'eventDescription']);

    expect(firstSignal(french).description).toBe('Nous enquêtons.');
    expect(firstSignal(none).description).toBeUndefined();
  });

  it('has no resources when no entity is affected', () => {
    const event = withoutField(loadFixture('health', OPEN), ['detail', 'affectedEntities']);

    expect(firstSignal(event).resources).toEqual([]);
  });

  it('keeps the entity ARN when Health gives one', () => {
    expect(onlySignal('health', 'ec2-reboot-scheduled-upcoming').resources[0]?.arn).toBe(
      'arn:aws:ec2:eu-west-1:123456789012:instance/i-0f1e2d3c4b5a69788',
    );
  });

  it('rejects an event without an event type code, naming detail.eventTypeCode', () => {
    const event = withoutField(loadFixture('health', OPEN), ['detail', 'eventTypeCode']);

    expect(reasonOf(normalizeEvent(event))).toEqual({ path: 'detail.eventTypeCode', message: 'is required (expected string)' });
  });

  it('rejects the abuse event type, which triage does not read', () => {
    const event = withField(loadFixture('health', OPEN), ['detail-type'], 'AWS Health Abuse Event');

    expect(reasonOf(normalizeEvent(event))).toEqual({
      path: 'source',
      message: 'unsupported event source "aws.health" / detail-type "AWS Health Abuse Event"',
    });
  });
});
