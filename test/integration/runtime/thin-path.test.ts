import { GetExecutionHistoryCommand, ListExecutionsCommand, SFNClient, SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { localNames } from '../../../local/runtime/local-names';
import { onCallAt } from '../../../core/plan/on-call';
import { findForm } from '../../../local/cli/approval-form';
import type { Runtime } from '../../../local/runtime/runtime';
import { eventually, exampleEvent, getJson, linkIn, type OutboxEntry, startTestRuntime } from './runtime-harness';

interface IncidentDetail {
  incident: { id: string; phase: string; crisisLead: string | null; gate: { gate: string; holder: string } | null };
  timeline: { type: string; actor: string }[];
  chain: { intact: boolean };
}

let runtime: Runtime;

beforeAll(async () => {
  runtime = await startTestRuntime();
});

afterAll(async () => {
  await runtime.stop();
});

describe('the first thin path: alarm -> Alert -> page -> link -> decision', () => {
  it('pages the on-call Crisis Lead and moves on when they mobilize through the link', async () => {
    const accepted = await fetch(`${runtime.url}/events`, { method: 'POST', body: exampleEvent('cloudwatch-alarm') });
    expect(accepted.status).toBe(202);
    const answer = (await accepted.json()) as { results: { outcome: string; incidentId: string; severity: string }[] };
    expect(answer.results).toEqual([expect.objectContaining({ outcome: 'created', severity: 'sev2' })]);
    const incidentId = answer.results[0]!.incidentId;

    const lead = onCallAt(runtime.plan, Date.now()).lead;
    const email = await eventually(async () => {
      const outbox = await getJson<OutboxEntry[]>(`${runtime.url}/api/outbox?to=${lead}`);
      return outbox.find((d) => d.channel === 'email' && d.incidentId === incidentId);
    }, 'the Crisis Lead email');
    const link = linkIn(email.body);
    expect(link).toBeDefined();

    const page = await fetch(link!);
    expect(page.status).toBe(200);
    const form = findForm(await page.text(), 'approve', 'mobilize');
    expect(form).toBeDefined();
    const decided = await fetch(link!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form!.fields).toString(),
    });
    expect(decided.status).toBe(200);

    const detail = await eventually(async () => {
      const d = await getJson<IncidentDetail>(`${runtime.url}/api/incidents/${incidentId}`);
      return d.incident.phase === 'mobilize' && d.incident.gate?.gate === 'mobilize' ? d : undefined;
    }, 'the incident to reach Mobilize');
    expect(detail.incident.crisisLead).toBe(lead);
    expect(detail.timeline.map((e) => e.type)).toEqual(
      expect.arrayContaining(['incident-opened', 'gate-opened', 'notified', 'decided', 'phase-changed']),
    );
    expect(detail.timeline.find((e) => e.type === 'decided')?.actor).toBe(lead);
    expect(detail.chain.intact).toBe(true);
  });

  it('goes straight to the Alert phase of an incident triage has just created, without reading it first', async () => {
    const sfn = new SFNClient({ endpoint: `${runtime.url}/aws/sfn`, region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
    const accepted = await fetch(`${runtime.url}/events`, { method: 'POST', body: exampleEvent('securityhub-findings') });
    const incidentId = ((await accepted.json()) as { results: { incidentId: string }[] }).results[0]!.incidentId;
    const statesOf = async (name: string): Promise<string[]> => {
      const { executions = [] } = await sfn.send(new ListExecutionsCommand({ stateMachineArn: localNames(runtime.plan).machineArns.incident }));
      const execution = executions.find((e) => e.name === name);
      if (execution?.executionArn === undefined) return [];
      const { events = [] } = await sfn.send(new GetExecutionHistoryCommand({ executionArn: execution.executionArn }));
      return events.flatMap((e) => (e.stateEnteredEventDetails?.name === undefined ? [] : [e.stateEnteredEventDetails.name]));
    };
    const entered = await eventually(async () => {
      const states = await statesOf(incidentId);
      return states.includes('Run Alert Phase') ? states : undefined;
    }, 'the Alert phase');
    expect(entered.slice(0, 3)).toEqual(['Phase Known', 'Choose Phase', 'Run Alert Phase']);
  });

  it('answers a bad task token with the AWS error names through the stock SFN client', async () => {
    const sfn = new SFNClient({ endpoint: `${runtime.url}/aws/sfn`, region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
    const error = await sfn.send(new SendTaskSuccessCommand({ taskToken: 'not-a-token', output: '{}' })).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(['InvalidToken', 'TaskDoesNotExist']).toContain(error?.name);
  });

  it('reports health with every endpoint', async () => {
    const health = await getJson<{ status: string; org: string; endpoints: Record<string, string> }>(`${runtime.url}/health`);
    expect([health.status, health.org]).toEqual(['ok', 'example']);
    expect(health.endpoints.dynamodb).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect([health.endpoints.sfn, health.endpoints.sns, health.endpoints.events]).toEqual([
      `${runtime.url}/aws/sfn`,
      `${runtime.url}/aws/sns`,
      `${runtime.url}/events`,
    ]);
  });
});
