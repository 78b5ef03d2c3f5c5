import { onCallAt } from '../../../core/plan/on-call';
import type { Runtime } from '../../../local/runtime/runtime';
import type { CliIo } from '../../../local/cli/cli-io';
import { listTasks, updateTask } from '../../../local/cli/tasks.command';
import { getJson } from '../runtime/runtime-harness';
import { findForm } from '../../../local/cli/approval-form';
import { decideThroughLink, fixture, incident, linkFor, outbox, planVariant, startPlanRuntime, statesEntered, trigger, waitFor } from './lifecycle-harness';

/**
 * Mobilize, Contain and Recover on the embedded engine with the real handlers:
 * an EC2 brute-force finding (sev2 by this plan's variant) walks through the
 * phases by personal links only. Isolating the instance is extraordinary in
 * this variant: it runs (dry run) only after an executive approves it.
 */
let runtime: Runtime;
let id: string;
let lead: string;

beforeAll(async () => {
  const plan = planVariant((p) => {
    const severity = p.severity as { rules: unknown[] };
    severity.rules.unshift({ name: 'guardduty-any', match: { source: 'guardduty' }, severity: 'sev2' });
    const actions = (p.containment as { actions: { id: string; extraordinary?: boolean; approvers?: string[] }[] }).actions;
    const isolate = actions.find((a) => a.id === 'isolate-instance')!;
    isolate.extraordinary = true;
    isolate.approvers = ['grace-lin'];
  });
  runtime = await startPlanRuntime(plan);
  id = await trigger(runtime, fixture('guardduty/ec2-ssh-brute-force.json'));
  lead = onCallAt(runtime.plan, Date.now()).lead;
});

afterAll(async () => {
  await runtime.stop();
});

describe('Mobilize, Contain and Recover on the embedded engine', () => {
  it('pages the on-call Crisis Lead at Alert, who mobilizes through the link', async () => {
    // The context is gathered just after the page goes out, in the same step.
    const d = await waitFor(runtime, id, 'the Alert gate and its context', (x) => x.incident.gate?.gate === 'alert' && x.record.context !== undefined);
    expect(d.record.context?.resources).toEqual([expect.objectContaining({ type: 'AwsEc2Instance' })]);
    expect(await decideThroughLink(await linkFor(runtime, id, lead, /Mobilize a response/), 'approve', 'mobilize')).toBe(200);
  });

  it('engages the sev2 stakeholders with their role and opens both workstreams with the Crisis Lead in each', async () => {
    const d = await waitFor(runtime, id, 'the Mobilize gate', (x) => x.incident.gate?.gate === 'mobilize');
    expect(d.incident.crisisLead).toBe(lead);
    expect(d.record.workstreams?.engineering?.members[0]).toBe(lead);
    expect(d.record.workstreams?.communications?.members[0]).toBe(lead);
    expect(d.record.workstreams?.communications?.members).toEqual(expect.arrayContaining(['chloe-martin', 'elena-garcia']));
    const engaged = (await outbox(runtime, id)).filter((m) => /you are engaged/.test(m.subject ?? ''));
    // sev2: engineering (3), communications (1), legal (1); one email per person.
    expect(engaged.map((m) => m.to).sort()).toEqual(['amara-nwosu', 'ben-carter', 'chloe-martin', 'elena-garcia', 'ivan-petrov']);
    expect(engaged.find((m) => m.to === 'elena-garcia')?.body).toMatch(/legal: Assess notification duties/);
    expect(d.timeline.map((e) => e.type)).toEqual(expect.arrayContaining(['stakeholders-engaged', 'workstream-opened']));
    expect(d.timeline.filter((e) => e.type === 'workstream-opened')).toHaveLength(2);
    const path = await statesEntered(runtime, 'mobilize');
    expect(path.slice(0, 2)).toEqual(['Engage Stakeholders', 'Open Workstreams']);
    // The two branches run in parallel: either may enter first.
    expect(path.slice(2, 4).sort()).toEqual(['Open Communications Workstream', 'Open Engineering Workstream']);
    expect(path.slice(4)).toEqual(['Gather Context', 'Request Mobilize Sign-off']);
    expect(await decideThroughLink(await linkFor(runtime, id, lead, /Move to containment/), 'approve', 'approve')).toBe(200);
  });

  it('runs the extraordinary isolation only after the executive approves it through the link, in dry run', async () => {
    const link = await linkFor(runtime, id, 'grace-lin', /Isolate EC2/);
    const before = await waitFor(runtime, id, 'Contain', (x) => x.incident.phase === 'contain');
    // The context the actions act on: the signal and the instance it names, with its tags.
    expect(before.record.context?.signals).toBe(1);
    expect(before.record.context?.resources).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'AwsEc2Instance' })]));
    expect(before.timeline.some((e) => e.type === 'action-run')).toBe(false);
    // The Crisis Lead may not decide an extraordinary action: the server refuses them on the executive's page.
    const form = findForm(await (await fetch(link)).text(), 'approve', 'approve')!;
    const byLead = await fetch(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      body: new URLSearchParams({ ...form.fields, actor: lead }).toString(),
    });
    expect(byLead.status).toBe(403);
    expect(await byLead.text()).toContain(`issued to grace-lin, not to ${lead}`);
    expect((await incident(runtime, id)).timeline.some((e) => e.type === 'action-run')).toBe(false);
    expect(await decideThroughLink(link, 'approve', 'approve')).toBe(200);
    const d = await waitFor(runtime, id, 'the isolation to run', (x) => x.timeline.some((e) => e.type === 'action-run'));
    const run = d.timeline.find((e) => e.type === 'action-run')!;
    expect(run.summary).toMatch(/dry run: would isolate EC2 instance i-/);
    expect(d.timeline.find((e) => e.type === 'decided' && e.actor === 'grace-lin')?.summary).toMatch(/approved the extraordinary action/);
  });

  it('sets aside the extraordinary action the other executive refuses, and tells the Crisis Lead', async () => {
    const link = await linkFor(runtime, id, 'hannah-brooks', /offline/);
    expect(await decideThroughLink(link, 'reject', undefined, 'not for a single host')).toBe(200);
    const d = await waitFor(runtime, id, 'the refusal', (x) => x.timeline.some((e) => e.type === 'decided' && /will not run/.test(e.summary)));
    expect(d.timeline.find((e) => /will not run/.test(e.summary))?.actor).toBe('hannah-brooks');
    const tasks = await getJson<{ taskId: string; status: string }[]>(`${runtime.url}/api/tasks?incident=${id}`);
    expect(Object.fromEntries(tasks.map((t) => [t.taskId.split('.')[1], t.status]))).toEqual({ 'isolate-instance': 'completed', 'take-product-offline': 'refused' });
  });

  it('keeps the incident in Contain when the Crisis Lead rejects the sign-off, and moves to Recover only on approval', async () => {
    await waitFor(runtime, id, 'the Contain gate', (x) => x.incident.gate?.gate === 'contain');
    const first = await linkFor(runtime, id, lead, /containment achieved/);
    expect(await decideThroughLink(first, 'reject', undefined, 'the key is still active')).toBe(200);
    const rejected = await waitFor(runtime, id, 'the rejection', (x) => x.timeline.some((e) => e.type === 'decided' && e.data.decision === 'reject' && e.data.gate === 'contain'));
    expect(rejected.incident.phase).toBe('contain');
    const second = await linkFor(runtime, id, lead, /containment achieved/);
    expect(await decideThroughLink(second, 'approve', 'approve')).toBe(200);
    const d = await waitFor(runtime, id, 'Recover', (x) => x.incident.gate?.gate === 'recover');
    const path = await statesEntered(runtime, 'contain');
    expect(path.slice(0, 2)).toEqual(['Open Containment Tasks', 'Run Containment Tasks']);
    expect(path).toEqual(expect.arrayContaining(['Request Containment Action Approval', 'Record Containment Action Approval', 'Carry Out Containment Task', 'Set Aside Refused Containment Action']));
    expect(path.slice(-5)).toEqual(['Gather Context', 'Request Contain Sign-off', 'Record Contain Rejection', 'Request Contain Sign-off', 'Record Contain Sign-off']);
    expect(d.timeline.filter((e) => e.type === 'phase-changed').map((e) => e.data.to)).toEqual(['mobilize', 'contain', 'recover']);
  });

  it('opens the recovery task for its assignee and closes Recover on the G4 sign-off', async () => {
    const tasks = await getJson<{ taskId: string; status: string; assignee: string | null }[]>(`${runtime.url}/api/tasks?incident=${id}`);
    const restore = tasks.find((t) => t.taskId.endsWith('.restore-from-backup'));
    expect(restore).toEqual(expect.objectContaining({ status: 'open', assignee: 'ivan-petrov' }));
    expect((await outbox(runtime, id)).some((m) => m.to === 'ivan-petrov' && /task for you: Restore/.test(m.subject ?? ''))).toBe(true);
    expect(await decideThroughLink(await linkFor(runtime, id, lead, /recovery complete/), 'approve', 'approve')).toBe(200);
    const d = await waitFor(runtime, id, 'Learn', (x) => x.incident.phase === 'learn');
    expect(d.chain.intact).toBe(true);
    expect(await statesEntered(runtime, 'recover')).toEqual([
      'Open Recovery Tasks',
      'Run Recovery Tasks',
      'Choose Recovery Approval',
      'Carry Out Recovery Task',
      'Gather Context',
      'Request Recover Sign-off',
      'Record Recover Sign-off',
    ]);
  });

  it('lets the assignee acknowledge and complete a task through the CLI, and refuses anyone else', async () => {
    const printed: string[] = [];
    const io: CliIo = { out: (t) => printed.push(t), err: (t) => printed.push(t), env: {}, readStdin: () => Promise.resolve('') };
    const base = { endpoint: runtime.url, json: false };
    const taskId = `${id}.restore-from-backup`;
    await expect(updateTask({ ...base, action: 'done', taskId, as: 'chloe-martin' }, io)).rejects.toMatchObject({ exitCode: 3 });
    expect(await updateTask({ ...base, action: 'ack', taskId, as: 'ivan-petrov' }, io)).toBe(0);
    expect(await updateTask({ ...base, action: 'done', taskId, as: 'ivan-petrov' }, io)).toBe(0);
    expect(printed.slice(-2)).toEqual([`${taskId}: acknowledged`, `${taskId}: done`]);
    expect(await listTasks({ ...base, incident: id }, io)).toBe(0);
    expect(printed.at(-1)).toMatch(new RegExp(`${taskId.replace(/\./g, '\\.')}\\s+recover\\s+human\\s+done\\s+ivan-petrov`));
    const d = await waitFor(runtime, id, 'the task on the timeline', (x) => x.timeline.some((e) => e.type === 'task-updated' && e.actor === 'ivan-petrov' && /completed/.test(e.summary)));
    expect(d.chain.intact).toBe(true);
  });
});
