import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetExecutionHistoryCommand, ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { parse, stringify } from 'yaml';
import type { MachineName } from '../../../core/workflow/workflow-names';
import { findForm } from '../../../local/cli/approval-form';
import { localNames } from '../../../local/runtime/local-names';
import { startRuntime, type Runtime } from '../../../local/runtime/runtime';
import { eventually, EXAMPLE_PLAN, getJson, linkIn, type OutboxEntry, ROOT } from '../runtime/runtime-harness';

/** The example plan with `change` applied, written to a temporary file (a test's own variant of the org). */
export function planVariant(change: (plan: Record<string, unknown>) => void): string {
  const plan = parse(readFileSync(EXAMPLE_PLAN, 'utf8')) as Record<string, unknown>;
  change(plan);
  const file = join(mkdtempSync(join(tmpdir(), 'sirp-lifecycle-')), 'plan.yaml');
  writeFileSync(file, stringify(plan));
  return file;
}

export const startPlanRuntime = (planPath: string, speed = 1): Promise<Runtime> =>
  startRuntime({ planPath, port: 0, host: '127.0.0.1', dataDir: null, speed });

export const fixture = (path: string): string => readFileSync(join(ROOT, 'test', 'fixtures', 'events', path), 'utf8');

export async function trigger(runtime: Runtime, body: string): Promise<string> {
  const accepted = await fetch(`${runtime.url}/events`, { method: 'POST', body });
  const answer = (await accepted.json()) as { results: { outcome: string; incidentId: string }[] };
  const id = answer.results[0]?.incidentId;
  if (accepted.status !== 202 || id === undefined) throw new Error(`the event was not taken in: ${JSON.stringify(answer)}`);
  return id;
}

export interface IncidentDetail {
  incident: { id: string; phase: string; status: string; crisisLead: string | null; gate: { gate: string; holder: string; escalationLevel: number } | null };
  record: {
    workstreams?: Record<string, { members: string[] }>;
    engagedAt?: string;
    context?: { resources: { type: string; id: string }[]; signals: number };
  };
  timeline: { type: string; actor: string; summary: string; data: Record<string, unknown> }[];
  chain: { intact: boolean };
}

export const incident = (runtime: Runtime, id: string): Promise<IncidentDetail> => getJson<IncidentDetail>(`${runtime.url}/api/incidents/${id}`);

export async function waitFor(runtime: Runtime, id: string, what: string, test: (d: IncidentDetail) => boolean, ms = 15_000): Promise<IncidentDetail> {
  let last: IncidentDetail | undefined;
  try {
    return await eventually(async () => {
      last = await incident(runtime, id);
      return test(last) ? last : undefined;
    }, what, ms);
  } catch (error) {
    // Say where the incident stood: a timeout alone does not tell what went wrong.
    const seen = last === undefined ? 'nothing' : `${last.incident.phase} / ${last.incident.gate?.gate ?? '-'}: ${last.timeline.map((e) => e.summary).join(' | ')}`;
    throw new Error(`${(error as Error).message}; last seen ${seen}`);
  }
}

export const outbox = (runtime: Runtime, id: string): Promise<OutboxEntry[]> => getJson<OutboxEntry[]>(`${runtime.url}/api/outbox?incident=${id}`);

/** Links already decided through, so the next look finds the new one. */
const used = new Set<string>();

/** The newest unused personal link emailed to `to` for this incident whose text matches. */
export async function linkFor(runtime: Runtime, id: string, to: string, text: RegExp): Promise<string> {
  return eventually(async () => {
    const mails = (await outbox(runtime, id)).filter((m) => m.to === to && m.channel === 'email' && text.test(`${m.subject ?? ''}\n${m.body}`));
    return mails.map((m) => linkIn(m.body)).reverse().find((l) => l !== undefined && !used.has(l));
  }, `a link for ${to} matching ${String(text)}`);
}

/** Opens the link like a browser and submits one of its forms; returns the POST status. */
export async function decideThroughLink(link: string, action: 'approve' | 'reject', decision?: string, reason?: string): Promise<number> {
  used.add(link);
  const page = await fetch(link);
  const html = await page.text();
  if (page.status !== 200) return page.status;
  const form = findForm(html, action, decision);
  if (form === undefined) throw new Error(`no ${action} form on ${link}: ${html.slice(0, 300)}`);
  const response = await fetch(link, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...form.fields, ...(reason === undefined ? {} : { reason }) }).toString(),
  });
  return response.status;
}

/** The state names a phase machine entered, in order, over all its executions for the incident (oldest first). */
export async function statesEntered(runtime: Runtime, machine: MachineName): Promise<string[]> {
  const sfn = new SFNClient({ endpoint: `${runtime.url}/aws/sfn`, region: localNames(runtime.plan).region, credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
  const { executions = [] } = await sfn.send(new ListExecutionsCommand({ stateMachineArn: localNames(runtime.plan).machineArns[machine] }));
  const names: string[] = [];
  for (const execution of [...executions].reverse()) {
    const { events = [] } = await sfn.send(new GetExecutionHistoryCommand({ executionArn: execution.executionArn, maxResults: 1000 }));
    for (const e of events) if (e.stateEnteredEventDetails?.name !== undefined) names.push(e.stateEnteredEventDetails.name);
  }
  sfn.destroy();
  return names;
}
