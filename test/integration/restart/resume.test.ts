import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { openIncident } from '../../../core/incident/lifecycle';
import { IncidentStore } from '../../../lambdas/adapters/incident-store';
import { WorkflowEngine } from '../../../local/engine/engine';
import { RuntimeClock } from '../../../local/engine/runtime-clock';
import { resumeOpenIncidents } from '../../../local/runtime/resume';
import { ensureTable, startDynamoDb, type DynamoDbServer } from '../../../local/services/dynamodb-server';

const TABLE = 'sirp-resume-test';
const REGION = 'us-east-1';
const ACCOUNT = '123456789012';
const INCIDENT_MACHINE = `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:incident`;

let db: DynamoDbServer;
let store: IncidentStore;

beforeAll(async () => {
  db = await startDynamoDb({ mode: 'in-process' });
  const client = new DynamoDBClient({ endpoint: db.endpoint, region: REGION, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  await ensureTable(client, TABLE);
  store = new IncidentStore(DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }), TABLE);
  const now = Date.parse('2026-11-23T09:00:00Z');
  for (let n = 0; n < 7; n += 1) {
    const incident = openIncident(
      { id: `inc-testopen${n}`, org: 'example', title: `open ${n}`, severity: 'sev2', severityRule: 'test', source: 'cloudwatch', correlationKey: `key-${n}`, drill: false },
      now + n,
    );
    await store.create(n < 5 ? incident : { ...incident, id: `inc-testclosed${n}`, status: 'closed' });
  }
});

afterAll(async () => {
  await db.stop();
});

describe('resuming open incidents after a restart', () => {
  it('lists every incident of a status across pages, newest first', async () => {
    const open = await store.listAllByStatus('open', 2);
    expect(open.map((i) => i.id)).toEqual(['inc-testopen4', 'inc-testopen3', 'inc-testopen2', 'inc-testopen1', 'inc-testopen0']);
  });

  it('starts one parent workflow per open incident, and a second start of the runtime does not collide with the first', async () => {
    // The parent machine is a stand-in that ends at once: what is checked here is which executions start, with what input.
    const engine = new WorkflowEngine({
      clock: new RuntimeClock({ speed: 1 }),
      region: REGION,
      accountId: ACCOUNT,
      machines: [{ name: 'incident', definition: { StartAt: 'Enter', States: { Enter: { Type: 'Pass', End: true } } } }],
      lambdas: {},
    });
    let at = Date.parse('2026-11-23T10:00:00Z');
    const resume = () => resumeOpenIncidents({ incidents: store, engine, incidentMachineArn: INCIDENT_MACHINE, now: () => at });
    expect(await resume()).toBe(5);
    at += 1000;
    expect(await resume()).toBe(5);
    const { executions = [] } = await engine.listExecutions({ stateMachineArn: INCIDENT_MACHINE });
    const inputs = await Promise.all(executions.map(async (e) => (await engine.describeExecution({ executionArn: e.executionArn! })).input));
    expect(inputs.map((i) => (JSON.parse(i ?? '{}') as { incidentId: string }).incidentId).sort()).toEqual(
      ['inc-testopen0', 'inc-testopen0', 'inc-testopen1', 'inc-testopen1', 'inc-testopen2', 'inc-testopen2', 'inc-testopen3', 'inc-testopen3', 'inc-testopen4', 'inc-testopen4'],
    );
    // No phase in the input: a resumed workflow reads where its incident stands ("Phase Known" -> "Load Incident").
    expect(inputs.filter((i) => 'incident' in (JSON.parse(i ?? '{}') as object))).toEqual([]);
    await engine.close();
  });
});
