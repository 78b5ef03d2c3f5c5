import { join } from 'node:path';
import type { CliIo } from '../../../local/cli/cli-io';
import { trigger } from '../../../local/cli/trigger.command';
import type { Runtime } from '../../../local/runtime/runtime';
import { exampleEvent, ROOT, startTestRuntime } from '../runtime/runtime-harness';
import { post } from './intake-client';

let runtime: Runtime;

beforeAll(async () => {
  runtime = await startTestRuntime();
});

afterAll(async () => {
  await runtime.stop();
});

/** What the README promises for `npx sirp trigger examples/events/<name>.json` with orgs/example.yaml. */
const EXAMPLES: readonly (readonly [string, readonly (readonly [string, string | null, string | null])[]])[] = [
  ['cloudwatch-alarm', [['created', 'sev2', 'security-alarms']]],
  ['sns-alarm', [['created', 'sev2', 'security-alarms']]],
  ['guardduty-finding', [['created', 'sev3', 'default']]],
  [
    'securityhub-findings',
    [
      ['joined', 'sev3', 'default'],
      ['created', 'sev2', 'securityhub-high'],
      ['ignored', 'sev2', 'securityhub-high'],
    ],
  ],
  ['health-issue', [['created', 'sev3', 'default']]],
  ['cloudtrail-stop-logging', [['created', 'sev1', 'root-or-trail-tampering']]],
];

describe('the README examples', () => {
  it.each(EXAMPLES)('examples/events/%s.json gives %j', async (name, expected) => {
    const { status, answer } = await post(runtime.url, exampleEvent(name));

    expect(status).toBe(202);
    expect(answer.results.map((r) => [r.outcome, r.severity, r.rule])).toEqual(expected);
  });
});

describe('sirp trigger', () => {
  const captured = (stdin = '') => {
    const lines: string[] = [];
    const io: CliIo = { out: (t) => lines.push(t), err: (t) => lines.push(t), env: {}, readStdin: () => Promise.resolve(stdin) };
    return { io, lines };
  };

  it('prints the outcome, the incident, the severity and the rule; exit 0', async () => {
    const { io, lines } = captured();

    const code = await trigger({ source: join(ROOT, 'examples', 'events', 'sns-alarm.json'), json: false, endpoint: runtime.url }, io);

    expect(code).toBe(0);
    expect(lines.join('\n')).toMatch(/duplicate\s+inc-[a-z0-9]+\s+sev2\s+security-alarms/);
  });

  it('prints the field and the reason of a rejected event; exit 2', async () => {
    const { io, lines } = captured('{"version":"0","id":"x","detail-type":"Nope","source":"aws.nope","account":"1","time":"2026-01-01T00:00:00Z","region":"x","resources":[],"detail":{}}');

    const code = await trigger({ source: '-', json: false, endpoint: runtime.url }, io);

    expect(code).toBe(2);
    expect(lines.join('\n')).toMatch(/rejected .* source: unsupported event source "aws.nope"/);
  });
});
