import type { IntakeAnswer } from '../../../lambdas/triage/triage-service';
import { getJson, type OutboxEntry } from '../runtime/runtime-harness';

export interface Posted {
  readonly status: number;
  readonly answer: IntakeAnswer;
}

/** POSTs an event to the runtime's intake (an object is sent as JSON, a string as is). */
export async function post(url: string, event: unknown): Promise<Posted> {
  const body = typeof event === 'string' ? event : JSON.stringify(event);
  const response = await fetch(`${url}/events`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
  const text = await response.text();
  return { status: response.status, answer: (text.startsWith('{') ? JSON.parse(text) : { eventId: '', results: [] }) as IntakeAnswer };
}

/** The single result of an event that gives one signal. */
export async function postOne(url: string, event: unknown): Promise<IntakeAnswer['results'][number] & { readonly status: number }> {
  const { status, answer } = await post(url, event);
  if (answer.results.length !== 1) throw new Error(`expected one result, got ${JSON.stringify(answer)}`);
  return { status, ...answer.results[0]! };
}

export interface IncidentView {
  readonly record: { id: string; status: string; severity: string; severityRule: string; correlationKey: string; source: string };
  readonly timeline: { type: string; summary: string }[];
  readonly signals: { eventId: string; outcome: string; raw?: unknown }[];
}

export const incident = (url: string, id: string): Promise<IncidentView> => getJson<IncidentView>(`${url}/api/incidents/${id}`);

/** Pages: outbox entries about one incident. */
export const pagesFor = async (url: string, incidentId: string): Promise<OutboxEntry[]> =>
  getJson<OutboxEntry[]>(`${url}/api/outbox?incident=${encodeURIComponent(incidentId)}`);

export interface DeadLetterView {
  readonly id: string;
  readonly path: string;
  readonly message: string;
  readonly excerpt: string;
}

export const deadLetters = (url: string): Promise<DeadLetterView[]> => getJson<DeadLetterView[]>(`${url}/api/deadletters`);
