import type { APIGatewayProxyResult } from 'aws-lambda';
import type { CommunicationDraft } from '../../../../core/comms/communication';
import type { DecisionSubject } from '../../../../core/incident/deciders';
import type { Incident } from '../../../../core/incident/incident.schema';
import { linkSegment } from '../../../../core/approval/link';
import { PlanSchema } from '../../../../core/plan/plan.schema';
import { CommunicationStore } from '../../../../lambdas/adapters/communication-store';
import { showApproval } from '../../../../lambdas/approval/approval-service';
import { requestApproval } from '../../../../lambdas/approval/request-approval';
import { currentKey, MINUTE, mobilizedIncident, pendingDraft, planInput, T0 } from '../../core/approval/approval-fixtures';
import { type Harness, harness, startTable, TABLE, type TableServer } from './approval-harness';

/** The approval page shows what is approved in full: a draft's audience and text, an action's effect and resources. */
const TASK_TOKEN = 'AQB8AAAAKgAAAAMAAAAAAAAAAf1Zx7-subject-page-task-token';
const HOSTILE = 'Status update\n\n<script>alert("x")</script> & <b>bold</b>\nSecond line';

let table: TableServer;
let h: Harness;

beforeAll(async () => {
  table = await startTable();
});

afterAll(async () => {
  await table.stop();
});

beforeEach(() => {
  h = harness(table);
});

const withAudiences = PlanSchema.parse({
  ...planInput,
  communications: { audiences: { executives: { description: 'Leadership team', recipients: ['carol'] } } },
});

async function incidentWithInstances(): Promise<Incident> {
  const incident: Incident = {
    ...mobilizedIncident('contain'),
    id: `inc-${Math.random().toString(36).slice(2, 12)}`,
    context: {
      gatheredAt: new Date(T0).toISOString(),
      signals: 1,
      resources: [
        { type: 'AwsEc2Instance', id: 'i-0abc1234def567890', tags: {} },
        { type: 'AwsEc2Instance', id: 'i-0fff<img src=x>', tags: {} },
        { type: 'AwsS3Bucket', id: 'unrelated-bucket', tags: {} },
      ],
      earlierIncidents: [],
    },
  };
  await h.putIncident(incident);
  return incident;
}

function draftOf(incident: Incident): CommunicationDraft {
  return pendingDraft({ draftId: `com-${Math.random().toString(16).slice(2, 18).padEnd(16, '0')}`, incidentId: incident.id, title: 'Status update', message: HOSTILE });
}

/** Asks `decider` about `subject` and opens the link as they would. */
async function openPage(incident: Incident, subject: DecisionSubject, decider: string): Promise<APIGatewayProxyResult> {
  const created = await requestApproval(h.deps, { incidentId: incident.id, subject, decider, taskToken: TASK_TOKEN, timeoutSeconds: 3600, now: T0 });
  if (created.kind !== 'created') throw new Error(`expected a new approval, got ${created.kind}`);
  const record = await h.store.get(created.approval.approvalId);
  if (record === null) throw new Error('not stored');
  h.clock.set(T0 + MINUTE);
  return showApproval({ ...h.deps, plan: withAudiences }, linkSegment(record, currentKey));
}

describe('the approval page of a communication', () => {
  it('shows the audience, its recipients, the author and the full text, pre-wrapped', async () => {
    const incident = await incidentWithInstances();
    const draft = draftOf(incident);
    await new CommunicationStore(table.db, TABLE).create(draft);
    const page = await openPage(incident, { kind: 'communication', draftId: draft.draftId }, 'alice');

    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<dt>Audience</dt><dd>executives: Leadership team (to Carol Exec (carol))</dd>');
    expect(page.body).toContain('<dt>Written by</dt><dd>Bob Deputy (bob)</dd>');
    expect(page.body).toContain('<pre class="draft">Status update\n\n&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;\nSecond line</pre>');
    expect(page.headers?.['Content-Security-Policy']).toMatch(/style-src 'sha256-/);
  });

  it('escapes the HTML in a draft: no tag of the draft reaches the page', async () => {
    const incident = await incidentWithInstances();
    const draft = draftOf(incident);
    await new CommunicationStore(table.db, TABLE).create(draft);
    const page = await openPage(incident, { kind: 'communication', draftId: draft.draftId }, 'alice');

    expect(page.body).not.toContain('<script>');
    expect(page.body).not.toContain('<b>');
  });

  it('says so, rather than showing an empty message, when the draft is gone', async () => {
    const incident = await incidentWithInstances();
    const page = await openPage(incident, { kind: 'communication', draftId: 'com-0000000000000000' }, 'alice');

    expect(page.body).toContain('Draft com-0000000000000000 can no longer be found: do not approve what you cannot read.');
  });
});

describe('the approval page of an action', () => {
  it('shows its title, what it does and each resource it acts on, escaped', async () => {
    const incident = await incidentWithInstances();
    const page = await openPage(incident, { kind: 'action', actionId: 'isolate-web' }, 'carol');

    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<dt>Action</dt><dd>Isolate the web fleet</dd>');
    expect(page.body).toContain("<dt>What it does</dt><dd>Swaps the instance&#39;s security groups for a quarantine group with no rules");
    expect(page.body).toContain('<dt>On</dt><dd>AwsEc2Instance i-0abc1234def567890</dd><dd>AwsEc2Instance i-0fff&lt;img src=x&gt;</dd>');
    expect(page.body).not.toContain('unrelated-bucket');
  });
});

describe('the approval page of a gate', () => {
  it('adds nothing to the question', async () => {
    const incident = await incidentWithInstances();
    const gate = await openPage(incident, { kind: 'gate', gate: 'contain' }, 'alice');
    expect(gate.body).not.toMatch(/<dt>(Audience|Action|Message)/);
  });
});
