import { FilterPolicyError, matchFilterPolicy, parseFilterPolicy, type MessageAttributes } from '../../../local/services/filter-policy';

const str = (value: string) => ({ dataType: 'String', value });
const num = (value: number) => ({ dataType: 'Number', value: String(value) });
const arr = (values: unknown[]) => ({ dataType: 'String.Array', value: JSON.stringify(values) });

const matches = (policy: object, attributes: MessageAttributes): boolean => matchFilterPolicy(parseFilterPolicy(policy), attributes).matched;

// Cases follow the examples of the SNS developer guide's filter policy pages.
describe('SNS filter policies on message attributes', () => {
  it('matches exact strings, any of a list, each element of a String.Array', () => {
    const policy = { customer_interests: ['rugby', 'tennis'] };
    expect(matches(policy, { customer_interests: str('rugby') })).toBe(true);
    expect(matches(policy, { customer_interests: str('tennis') })).toBe(true);
    expect(matches(policy, { customer_interests: arr(['rugby', 'tennis']) })).toBe(true);
    expect(matches(policy, { customer_interests: str('baseball') })).toBe(false);
    expect(matches(policy, { customer_interests: arr(['baseball']) })).toBe(false);
    expect(matches(policy, { customer_interests: str('Rugby') })).toBe(false);
  });

  it('needs every key of the policy to match (AND), and ignores attributes the policy does not name', () => {
    const policy = { recipient: ['alice'], channel: ['email'] };
    expect(matches(policy, { recipient: str('alice'), channel: str('email'), incidentId: str('inc-1') })).toBe(true);
    expect(matches(policy, { recipient: str('alice'), channel: str('sms') })).toBe(false);
    expect(matches(policy, { recipient: str('alice') })).toBe(false);
  });

  it('matches anything-but values, prefixes and suffixes', () => {
    expect(matches({ c: [{ 'anything-but': ['rugby', 'tennis'] }] }, { c: str('baseball') })).toBe(true);
    expect(matches({ c: [{ 'anything-but': ['rugby', 'tennis'] }] }, { c: str('rugby') })).toBe(false);
    // The guide's own example: one element outside the list is enough.
    expect(matches({ c: [{ 'anything-but': ['rugby', 'tennis'] }] }, { c: arr(['rugby', 'baseball']) })).toBe(true);
    expect(matches({ c: [{ 'anything-but': 'rugby' }] }, { c: str('tennis') })).toBe(true);
    expect(matches({ price: [{ 'anything-but': [100, 500] }] }, { price: num(100) })).toBe(false);
    expect(matches({ price: [{ 'anything-but': [100, 500] }] }, { price: num(101) })).toBe(true);
    expect(matches({ event: [{ 'anything-but': { prefix: 'order-' } }] }, { event: str('order-cancelled') })).toBe(false);
    expect(matches({ event: [{ 'anything-but': { prefix: 'order-' } }] }, { event: str('data-entry') })).toBe(true);
    expect(matches({ file: [{ 'anything-but': { suffix: '.txt' } }] }, { file: str('a.txt') })).toBe(false);
    expect(matches({ file: [{ 'anything-but': { suffix: '.txt' } }] }, { file: str('a.png') })).toBe(true);
    // anything-but does not match an absent attribute.
    expect(matches({ c: [{ 'anything-but': ['rugby'] }] }, { other: str('x') })).toBe(false);
  });

  it('matches prefix, suffix and equals-ignore-case on strings only', () => {
    expect(matches({ customer_interests: [{ prefix: 'bas' }] }, { customer_interests: str('baseball') })).toBe(true);
    expect(matches({ customer_interests: [{ prefix: 'bas' }] }, { customer_interests: str('rugby') })).toBe(false);
    expect(matches({ customer_interests: [{ suffix: 'ball' }] }, { customer_interests: arr(['rugby', 'baseball']) })).toBe(true);
    expect(matches({ customer_interests: [{ 'equals-ignore-case': 'TENNIS' }] }, { customer_interests: str('Tennis') })).toBe(true);
    expect(matches({ n: [{ prefix: '1' }] }, { n: num(12) })).toBe(false);
  });

  it('matches numeric values, comparisons and ranges on Number attributes', () => {
    expect(matches({ price_usd: [{ numeric: ['=', 301.5] }] }, { price_usd: { dataType: 'Number', value: '3.015e2' } })).toBe(true);
    expect(matches({ price_usd: [301.5] }, { price_usd: num(301.5) })).toBe(true);
    expect(matches({ price_usd: [{ numeric: ['>', 0, '<=', 150] }] }, { price_usd: num(150) })).toBe(true);
    expect(matches({ price_usd: [{ numeric: ['>', 0, '<=', 150] }] }, { price_usd: num(0) })).toBe(false);
    expect(matches({ price_usd: [{ numeric: ['>=', 100] }] }, { price_usd: num(99.9) })).toBe(false);
    expect(matches({ price_usd: [{ numeric: ['<', 10] }] }, { price_usd: str('5') })).toBe(false);
    expect(matches({ price_usd: [{ numeric: ['<', 10] }] }, { price_usd: arr([20, 5]) })).toBe(true);
  });

  it('matches exists true on any present attribute and exists false on an absent one', () => {
    expect(matches({ store: [{ exists: true }] }, { store: str('fans') })).toBe(true);
    expect(matches({ store: [{ exists: true }] }, { blob: { dataType: 'Binary', value: 'AAEC' }, other: str('x') })).toBe(false);
    expect(matches({ blob: [{ exists: true }] }, { blob: { dataType: 'Binary', value: 'AAEC' } })).toBe(true);
    expect(matches({ store: [{ exists: false }] }, { customer_interests: str('baseball') })).toBe(true);
    expect(matches({ store: [{ exists: false }] }, { store: str('fans') })).toBe(false);
    // "exists": false only matches when the message has at least one attribute.
    expect(matches({ store: [{ exists: false }] }, {})).toBe(false);
    expect(matches({ store: ['fans', { exists: false }] }, { other: str('x') })).toBe(true);
  });

  it('matches $or alternatives together with the other keys', () => {
    const policy = { source: ['aws.cloudwatch'], $or: [{ metricName: ['CPUUtilization'] }, { namespace: ['AWS/EC2'] }] };
    expect(matches(policy, { source: str('aws.cloudwatch'), namespace: str('AWS/EC2') })).toBe(true);
    expect(matches(policy, { source: str('aws.cloudwatch'), metricName: str('CPUUtilization') })).toBe(true);
    expect(matches(policy, { source: str('aws.cloudwatch'), namespace: str('AWS/S3') })).toBe(false);
    expect(matches(policy, { source: str('aws.s3'), namespace: str('AWS/EC2') })).toBe(false);
  });

  it('says which key failed and why', () => {
    const result = matchFilterPolicy(parseFilterPolicy('{"recipient":["alice"],"channel":["email"]}'), { recipient: str('bob'), channel: str('email') });
    expect(result).toEqual({ matched: false, reason: 'recipient is "bob", the policy wants ["alice"]' });
    expect(matchFilterPolicy(parseFilterPolicy({ channel: ['sms'] }), {})).toEqual({ matched: false, reason: 'channel is absent, the policy wants ["sms"]' });
  });

  it('refuses policies SNS would refuse or that this endpoint cannot evaluate', () => {
    const refused: unknown[] = [
      '{not json', '[]', '{}', { a: [] }, { a: 'x' }, { a: [true] }, { a: [{ prefix: 1 }] }, { a: [{ prefix: 'x', suffix: 'y' }] },
      { a: [{ exists: 'yes' }] }, { a: [{ numeric: ['>'] }] }, { a: [{ numeric: ['~', 1] }] }, { a: [{ numeric: ['=', 1, '<', 2] }] },
      { a: [{ 'anything-but': [] }] }, { a: [{ 'anything-but': { wildcard: '*' } }] }, { a: [{ cidr: '10.0.0.0/24' }] },
      { $or: [{ a: ['x'] }] }, { body: { nested: ['x'] } },
    ];
    for (const policy of refused) {
      expect(() => parseFilterPolicy(policy as string | object)).toThrow(FilterPolicyError);
    }
  });
});
