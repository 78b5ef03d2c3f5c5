import { deadletters } from '../../../local/cli/deadletters.command';
import type { CliIo } from '../../../local/cli/cli-io';
import type { Runtime } from '../../../local/runtime/runtime';
import { loadFixture, loadFixtureText, withField } from '../../fixtures/events/load-fixture';
import { startTestRuntime } from '../runtime/runtime-harness';
import { deadLetters, post } from './intake-client';

/**
 * Hostile and malformed input against the real HTTP endpoint: each is refused
 * with the path of the offending field, kept as a dead letter, and the good
 * event sent right after it is still triaged.
 */

let runtime: Runtime;
let good = 0;

beforeAll(async () => {
  runtime = await startTestRuntime();
});

afterAll(async () => {
  await runtime.stop();
});

/** A fresh, valid event (a GuardDuty finding the example plan takes in). */
const goodEvent = (): unknown => withField(loadFixture('guardduty', 'ec2-ssh-brute-force'), ['id'], `good-after-bad-${(good += 1)}`);

const alarm = loadFixture('cloudwatch', 'single-metric-alarm');
const alarmText = loadFixtureText('cloudwatch', 'single-metric-alarm');
const snsAlarm = loadFixture('cloudwatch', 'sns-alarm-new-format');

function nested(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

/** The alarm's JSON text with one more key in `detail`, written as raw text (JSON.stringify would drop `__proto__`). */
const withRawDetailKey = (key: string, value: string): string => alarmText.replace('"detail": {', `"detail": { "${key}": ${value},`);

const CASES: readonly (readonly [string, string, unknown, RegExp])[] = [
  ['not JSON', '$', '{"version": "0", "id": ', /is not valid JSON/],
  ['a JSON array', '$', '[1, 2, 3]', /object/],
  ['JSON null', '$', 'null', /object/],
  ['nesting 40 deep', 'detail.configuration.deep' + '.a'.repeat(29), withField(alarm, ['detail', 'configuration', 'deep'], nested(40)), /nests deeper than the maximum depth of 32/],
  ['a 70,000-character string', 'detail.alarmName', withField(alarm, ['detail', 'alarmName'], 'x'.repeat(70_000)), /string of 70000 characters/],
  ['a __proto__ key', 'detail.__proto__', withRawDetailKey('__proto__', '{ "polluted": true }'), /forbidden key/],
  ['a constructor key', 'detail.constructor', withRawDetailKey('constructor', '{ "prototype": { "polluted": true } }'), /forbidden key/],
  ['a wrong type', 'detail.severity', withField(loadFixture('guardduty', 'ec2-ssh-brute-force'), ['detail', 'severity'], 'high'), /number/],
  ['a missing id', 'id', withField(alarm, ['id'], undefined), /string/],
  ['an unknown source', 'source', withField(withField(alarm, ['source'], 'aws.example'), ['detail-type'], 'Example Event'), /unsupported event source "aws.example"/],
  ['an SNS message that is not JSON', 'Records[0].Sns.Message', withField(snsAlarm, ['Records', 0, 'Sns', 'Message'], 'ALARM: server on fire'), /is not valid JSON/],
  [
    'an SNS alarm message with a wrong state',
    'Records[0].Sns.Message.NewStateValue',
    withField(snsAlarm, ['Records', 0, 'Sns', 'Message'], JSON.stringify({ AlarmName: 'x', AWSAccountId: '123456789012', NewStateValue: 'FIRING', Region: 'us-east-1' })),
    /ALARM/,
  ],
];

describe('hostile and malformed input at POST /events', () => {
  it.each(CASES)('refuses %s naming %s, keeps it as a dead letter, and still triages the next good event', async (_what, path, event, message) => {
    const refused = await post(runtime.url, event);

    expect(refused.status).toBe(400);
    expect(refused.answer.results).toEqual([expect.objectContaining({ outcome: 'rejected', reason: { path, message: expect.stringMatching(message) as unknown } })]);
    const letters = await deadLetters(runtime.url);
    expect(letters.find((l) => l.id === refused.answer.eventId)).toMatchObject({ path });

    const next = await post(runtime.url, goodEvent());
    expect(next.status).toBe(202);
    expect(['created', 'joined']).toContain(next.answer.results[0]?.outcome);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('answers 413 to a body over 256 KB, keeps a dead letter, and triages the next good event', async () => {
    const before = (await deadLetters(runtime.url)).length;
    const huge = JSON.stringify(withField(alarm, ['detail', 'padding'], 'x'.repeat(256 * 1024)));

    const response = await fetch(`${runtime.url}/events`, { method: 'POST', body: huge });

    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: string }).error).toMatch(/256|262144/);
    const letters = await deadLetters(runtime.url);
    expect(letters.length).toBe(before + 1);
    expect(letters.some((l) => l.path === '$' && /maximum event size/.test(l.message))).toBe(true);
    expect((await post(runtime.url, goodEvent())).status).toBe(202);
  });

  it('accepts a large event that is under the size limit', async () => {
    const big = withField(alarm, ['detail', 'configuration', 'description'], 'y'.repeat(60_000));

    expect((await post(runtime.url, big)).status).toBe(202);
  });

  it('lists the dead letters with field and reason through `sirp deadletters`', async () => {
    const out: string[] = [];
    const io: CliIo = { out: (t) => out.push(t), err: (t) => out.push(t), env: {}, readStdin: () => Promise.resolve('') };

    const code = await deadletters({ endpoint: runtime.url, json: false }, io);

    expect(code).toBe(0);
    const text = out.join('\n');
    for (const [, path] of CASES) expect(text).toContain(path.length > 40 ? path.slice(0, 40) : path);
    expect(text).toMatch(/forbidden key/);
  });
});
