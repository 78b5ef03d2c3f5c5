import { execFile } from 'node:child_process';
import { join } from 'node:path';
import type { Runtime } from '../../../local/runtime/runtime';
import { ROOT, startTestRuntime } from '../runtime/runtime-harness';
import { approvalsOf, pendingApproval, raiseIncident, stopWorkflowsOf } from './approval-helpers';

/*
 * The real `sirp` CLI, spawned with the pinned Node (jest runs on it), against
 * a runtime on a free port in this process. The server decides; the CLI's
 * exit code reports what the page said.
 */

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

let runtime: Runtime;
const MINUTE = 60_000;

beforeAll(async () => {
  runtime = await startTestRuntime({ speed: 0 });
});

afterAll(async () => {
  await runtime.stop();
});

/** Runs `sirp ...` asynchronously: the runtime answering it lives in this process. */
function sirp(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(ROOT, 'bin', 'sirp.js'), ...args], { cwd: ROOT, env: { ...process.env, SIRP_ENDPOINT: runtime.url } }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ code, stdout, stderr });
    });
  });
}

describe('sirp approvals', () => {
  it('lists pending approvals with the documented JSON fields, and as a table', async () => {
    const incident = await raiseIncident(runtime, 'CliList');
    const approval = await pendingApproval(runtime, incident);
    const listed = await sirp('approvals', '--json', '--incident', incident);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([
      { approvalId: approval.approvalId, incidentId: incident, gate: 'alert', decider: approval.decider, expiresAt: expect.any(String) as unknown, status: 'pending', link: approval.link },
    ]);
    const table = await sirp('approvals', '--incident', incident);
    expect(table.stdout).toMatch(/^APPROVAL\s+INCIDENT\s+DECISION\s+DECIDER\s+STATUS\s+EXPIRES\s+LINK/);
    expect(table.stdout).toContain(approval.link);
  }, 30_000);
});

describe('sirp approve', () => {
  it('is refused (3) for another person, decides (0) for the decider, and then reports "already decided" (4)', async () => {
    const incident = await raiseIncident(runtime, 'CliDecide');
    const approval = await pendingApproval(runtime, incident);
    const other = runtime.plan.contacts.find((c) => c.id !== approval.decider)?.id ?? 'nobody';

    const refused = await sirp('approve', approval.approvalId, '--as', other);
    expect(refused.code).toBe(3);
    expect(refused.stderr.trim()).toBe(`forbidden: Not yours to decide: this approval was issued to ${approval.decider}, not to ${other}.`);

    const decided = await sirp('approve', approval.link, '--as', approval.decider, '--decision', 'mobilize');
    expect(decided.code).toBe(0);
    expect(decided.stdout).toMatch(/^decided: Decision recorded: You chose: Mobilize a response, recorded at /);

    const again = await sirp('approve', approval.approvalId, '--as', approval.decider, '--json');
    expect(again.code).toBe(4);
    expect(JSON.parse(again.stdout)).toMatchObject({ outcome: 'already-decided', exitCode: 4, approvalId: approval.approvalId, httpStatus: 409 });
    expect((await approvalsOf(runtime, incident)).find((a) => a.approvalId === approval.approvalId)?.decidedBy).toBe(approval.decider);
  }, 60_000);

  it('reports a revoked link as superseded (6), and the fresh one decides', async () => {
    const incident = await raiseIncident(runtime, 'CliRevoke');
    const approval = await pendingApproval(runtime, incident);
    const revoked = await sirp('links', 'revoke', '--approval', approval.approvalId);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toContain('1 link(s) revoked; each person was sent a fresh one');
    const old = await sirp('approve', approval.link, '--as', approval.decider);
    expect(old.code).toBe(6);
    expect(old.stderr).toContain('superseded: This decision has moved: This link has been replaced');
    const fresh = await pendingApproval(runtime, incident);
    expect((await sirp('approve', fresh.approvalId, '--as', approval.decider, '--reject', '--reason', 'a load test')).code).toBe(0);
    expect((await sirp('links', 'revoke', '--approval', approval.approvalId)).code).toBe(6);
  }, 60_000);

  it('acknowledges (0), and reports the link expired (5) once its time ran out with nobody waiting on it', async () => {
    const incident = await raiseIncident(runtime, 'CliExpire');
    const approval = await pendingApproval(runtime, incident);
    const ack = await sirp('approve', approval.approvalId, '--as', approval.decider, '--acknowledge');
    expect(ack.code).toBe(0);
    expect(ack.stdout).toMatch(/^acknowledged: Acknowledged: Thank you. Escalation is paused until /);
    await stopWorkflowsOf(runtime, incident);
    // The acknowledgement keeps the link alive for its window (30 min), past the gate's own 15.
    runtime.clock.advance(31 * MINUTE);
    const expired = await sirp('approve', approval.link, '--as', approval.decider);
    expect(expired.code).toBe(5);
    expect(expired.stderr).toContain('expired: This link has expired');
  }, 60_000);

  it('rejects bad input (2) before sending anything, and says when the runtime is unreachable (1)', async () => {
    expect((await sirp('approve', 'not-an-id', '--as', 'maya-chen')).code).toBe(2);
    expect((await sirp('approve', 'AAAAAAAAAAAAAAAAAAAAAA', '--as', 'Maya Chen')).code).toBe(2);
    expect((await sirp('approve', 'AAAAAAAAAAAAAAAAAAAAAA', '--as', 'maya-chen', '--reject')).stderr).toContain('a rejection needs --reason');
    expect((await sirp('approve', 'AAAAAAAAAAAAAAAAAAAAAA', '--as', 'maya-chen')).stderr).toContain('no approval AAAAAAAAAAAAAAAAAAAAAA in this runtime');
    const unreachable = await sirp('approvals', '--endpoint', 'http://127.0.0.1:9');
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toContain('cannot reach the runtime at http://127.0.0.1:9');
  }, 60_000);
});
