import { parseEventText } from '../../../../core/triage/input-guard';
import { normalizeEvent } from '../../../../core/triage/normalize-event';
import { loadFixture, loadFixtureText, withField, withoutField } from '../../../fixtures/events/load-fixture';
import { reasonOf, signalsOf } from './helpers';

describe('normalizeEvent', () => {
  it('rejects an unknown event source, naming source with both the source and the detail-type', () => {
    let event = withField(loadFixture('guardduty', 'ec2-ssh-brute-force'), ['source'], 'aws.foo');
    event = withField(event, ['detail-type'], 'Foo Happened');

    expect(reasonOf(normalizeEvent(event))).toEqual({
      path: 'source',
      message: 'unsupported event source "aws.foo" / detail-type "Foo Happened"',
    });
  });

  it('rejects a known detail-type from the wrong source', () => {
    const event = withField(loadFixture('guardduty', 'ec2-ssh-brute-force'), ['source'], 'aws.securityhub');

    expect(reasonOf(normalizeEvent(event)).message).toBe(
      'unsupported event source "aws.securityhub" / detail-type "GuardDuty Finding"',
    );
  });

  it('rejects Security Hub events it does not read (V2, custom actions)', () => {
    const event = withField(loadFixture('securityhub', 'archived-control-finding'), ['detail-type'], 'Findings Imported V2');

    expect(reasonOf(normalizeEvent(event)).path).toBe('source');
  });

  it('keeps a long unknown source out of the message', () => {
    const event = withField(loadFixture('guardduty', 'ec2-ssh-brute-force'), ['source'], 'x'.repeat(5000));

    expect(reasonOf(normalizeEvent(event)).message).toBe(
      'unsupported event source a string of 5000 characters / detail-type "GuardDuty Finding"',
    );
  });

  it('rejects an event without detail, naming detail', () => {
    const event = withoutField(loadFixture('health', 'ec2-operational-issue-open'), ['detail']);

    expect(reasonOf(normalizeEvent(event))).toEqual({ path: 'detail', message: 'is required (expected record)' });
  });

  it('rejects a detail of the wrong type, saying what it received', () => {
    const event = withField(loadFixture('health', 'ec2-operational-issue-open'), ['detail'], 'open');

    expect(reasonOf(normalizeEvent(event))).toEqual({ path: 'detail', message: 'expected record, received "open"' });
  });

  it('rejects an envelope time that is not ISO 8601, naming time', () => {
    const event = withField(loadFixture('health', 'ec2-operational-issue-open'), ['time'], 'Fri, 27 Jan 2023 01:43:21 GMT');

    expect(reasonOf(normalizeEvent(event)).path).toBe('time');
  });

  it.each([
    ['a string', 'hello', 'expected object, received "hello"'],
    ['null', null, 'expected object, received null'],
    ['an array', [1, 2], 'expected object, received an array of 2'],
    ['nothing', undefined, 'is undefined, not a JSON value'],
  ])('rejects %s as a whole', (_what, input, message) => {
    expect(reasonOf(normalizeEvent(input))).toEqual({ path: '$', message });
  });

  it('rejects an SNS envelope with no records, naming Records', () => {
    expect(reasonOf(normalizeEvent({ Records: [] })).path).toBe('Records');
  });

  it('does not change the event it reads', () => {
    const event = loadFixture('securityhub', 'three-findings-guardduty-control-resolved');
    const before = structuredClone(event);

    signalsOf(normalizeEvent(event));

    expect(event).toEqual(before);
  });
});

describe('normalizeEvent on hostile input', () => {
  it('rejects a 300 KB event as a whole before reading it', () => {
    const padding = Array.from({ length: 300 }, (_, i) => `${i}:${'x'.repeat(1000)}`);
    const event = withField(loadFixture('guardduty', 'ec2-ssh-brute-force'), ['detail', 'service', 'evidence'], padding);

    expect(reasonOf(normalizeEvent(event))).toEqual({ path: '$', message: 'exceeds the maximum event size of 262144 bytes' });
  });

  it('rejects 300 KB of JSON text before parsing it', () => {
    const text = loadFixtureText('guardduty', 'ec2-ssh-brute-force').replace('"resources": []', `"resources": [${'"x",'.repeat(75_000)}"x"]`);

    expect(parseEventText(text)).toEqual({ ok: false, reason: { path: '$', message: 'exceeds the maximum event size of 262144 bytes' } });
  });

  it('rejects 10 000-deep nesting given as JSON text, naming the path where the limit is crossed', () => {
    const depth = 10_000;
    const text = `{"version":"0","detail":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`;

    const parsed = parseEventText(text);

    expect(parsed).toEqual({
      ok: false,
      reason: { path: `detail${'.a'.repeat(31)}`, message: 'nests deeper than the maximum depth of 32' },
    });
  });

  it('rejects 100 000-deep arrays built in memory without overflowing the stack', () => {
    let deep: unknown = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];

    expect(reasonOf(normalizeEvent({ detail: deep })).path).toBe(`detail${'[0]'.repeat(31)}`);
  });

  it('rejects a __proto__ key anywhere, naming its path', () => {
    const text = loadFixtureText('guardduty', 'ec2-ssh-brute-force').replace(
      '"tags": [',
      '"__proto__": {"isAdmin": true}, "tags": [',
    );
    const parsed = parseEventText(text);

    expect(parsed).toEqual({
      ok: false,
      reason: {
        path: 'detail.resource.instanceDetails.__proto__',
        message: 'is a forbidden key ("__proto__" can pollute object prototypes)',
      },
    });
  });

  it('rejects a __proto__ key in an event handed over already parsed', () => {
    const event = JSON.parse('{"detail":{"resource":{"tags":{"__proto__":{"polluted":true}}}}}') as unknown;

    expect(reasonOf(normalizeEvent(event)).path).toBe('detail.resource.tags.__proto__');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each(['constructor', 'prototype'])('rejects a %s key', (key) => {
    const event = withField(loadFixture('health', 'ec2-operational-issue-open'), ['detail', 'eventMetadata', key], {});

    expect(reasonOf(normalizeEvent(event)).path).toBe(`detail.eventMetadata.${key}`);
  });

  it('rejects a 100 KB string, naming it', () => {
    const event = withField(loadFixture('guardduty', 'ec2-ssh-brute-force'), ['detail', 'title'], 'A'.repeat(100 * 1024));

    expect(reasonOf(normalizeEvent(event))).toEqual({
      path: 'detail.title',
      message: 'is a string of 102400 characters, more than the maximum of 65536',
    });
  });

  it('rejects wrong types with the precise path', () => {
    const event = withField(loadFixture('securityhub', 'three-findings-guardduty-control-resolved'), ['detail', 'findings', 2, 'Resources', 0, 'Tags', 'Name'], 42);

    expect(reasonOf(normalizeEvent(event))).toEqual({
      path: 'detail.findings[2].Resources[0].Tags.Name',
      message: 'expected string, received 42',
    });
  });
});
