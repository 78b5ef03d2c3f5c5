import { randomUUID } from 'node:crypto';
import { findForm } from '../../../local/cli/approval-form';
import type { Runtime } from '../../../local/runtime/runtime';
import { eventually, exampleEvent, getJson } from '../runtime/runtime-harness';

/** An approval as `/api/approvals` lists it. */
export interface Listed {
  approvalId: string;
  incidentId: string;
  decider: string;
  status: string;
  gate: string;
  link: string | null;
  decidedBy: string | null;
  supersededBy: { approvalId: string; holder: string } | null;
}

/**
 * A fresh security alarm: its own alarm (so its own correlation key and its
 * own incident), the rest of the example event unchanged. Resolves to the
 * incident id the intake answered.
 */
export async function raiseIncident(runtime: Runtime, name: string): Promise<string> {
  const event = JSON.parse(exampleEvent('cloudwatch-alarm')) as { id: string; resources: string[]; detail: { alarmName: string } };
  const alarmName = `sec-${name}-${randomUUID().slice(0, 8)}`;
  event.id = randomUUID();
  event.detail.alarmName = alarmName;
  event.resources = [`arn:aws:cloudwatch:eu-west-1:111122223333:alarm:${alarmName}`];
  const answer = await fetch(`${runtime.url}/events`, { method: 'POST', body: JSON.stringify(event) });
  if (answer.status !== 202) throw new Error(`the intake answered ${answer.status}`);
  const body = (await answer.json()) as { results: { outcome: string; incidentId: string | null }[] };
  const result = body.results[0];
  if (result?.outcome !== 'created' || result.incidentId === null) throw new Error(`expected a new incident, got ${JSON.stringify(body)}`);
  return result.incidentId;
}

/** Every approval of an incident, newest first. */
export const approvalsOf = (runtime: Runtime, incidentId: string): Promise<Listed[]> =>
  getJson<Listed[]>(`${runtime.url}/api/approvals?all=1&incident=${incidentId}`);

/** The incident's pending approval with a link, once the workflow has asked for it (optionally: not one of `except`). */
export async function pendingApproval(runtime: Runtime, incidentId: string, except: readonly string[] = []): Promise<Listed & { link: string }> {
  return eventually(async () => {
    const found = (await approvalsOf(runtime, incidentId)).find((a) => a.status === 'pending' && a.link !== null && !except.includes(a.approvalId));
    return found === undefined ? undefined : (found as Listed & { link: string });
  }, `a pending approval of ${incidentId}`);
}

export interface Answer {
  status: number;
  state: string | null;
  text: string;
}

/** One request as a browser (or a scanner) makes it. */
export async function request(url: string, init: RequestInit = {}): Promise<Answer> {
  const response = await fetch(url, { redirect: 'manual', ...init });
  return { status: response.status, state: response.headers.get('x-sirp-approval-state'), text: await response.text() };
}

/** The fields of one form of the page the link opens now. */
export async function formOf(link: string, action: string, decision?: string): Promise<Record<string, string>> {
  const page = await request(link);
  const form = findForm(page.text, action, decision);
  if (form === undefined) throw new Error(`the page (${page.status} ${page.state ?? ''}) has no ${action} form`);
  return { ...form.fields };
}

/** Posts a form back to the link, as the page's own form does. */
export function post(link: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Answer> {
  return request(link, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

/** Ends every running workflow of an incident (a run that died, or an operator stopped): nobody waits on its approvals any more. */
export async function stopWorkflowsOf(runtime: Runtime, incidentId: string): Promise<void> {
  const { stateMachines = [] } = await runtime.engine.listStateMachines();
  for (const machine of stateMachines) {
    const { executions = [] } = await runtime.engine.listExecutions({ stateMachineArn: machine.stateMachineArn ?? '' });
    for (const execution of executions) {
      const executionArn = execution.executionArn ?? '';
      const described = await runtime.engine.describeExecution({ executionArn });
      if (described.status === 'RUNNING' && (described.input ?? '').includes(incidentId)) await runtime.engine.stopExecution({ executionArn });
    }
  }
}
