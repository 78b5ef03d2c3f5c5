import type { Runtime } from '../../../local/runtime/runtime';
import { exampleEvent, startTestRuntime } from '../runtime/runtime-harness';
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
