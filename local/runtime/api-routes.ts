import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Incident } from '../../core/incident/incident.schema';
import { SEVERITIES } from '../../core/incident/severity';
import type { Plan } from '../../core/plan/plan.schema';
import { verifyChain } from '../../core/timeline/timeline-entry';
import type { IncidentStore } from '../../lambdas/adapters/incident-store';
import type { IntakeStore } from '../../lambdas/adapters/intake-store';
import type { TimelineStore } from '../../lambdas/adapters/timeline-store';
import type { Outbox } from '../services/outbox';
import { type ApprovalOperations, handleApprovalOperation } from './approval-listing';
import { sendError, sendJson } from './json-response';

export interface ApprovalLister {
  list(options: { readonly all: boolean; readonly incidentId?: string }): Promise<unknown[]>;
}

export interface ApiDeps {
  readonly incidents: IncidentStore;
  readonly intake: IntakeStore;
  readonly timeline: TimelineStore;
  readonly timelineKey: () => Promise<string>;
  readonly outbox: Outbox;
  readonly approvals: ApprovalLister;
  /** Operator actions (revoke links, rotate the signing secret): POST, JSON. */
  readonly approvalOperations?: ApprovalOperations;
  readonly plan: Plan;
}

const STATUSES = ['open', 'closed', 'dismissed'] as const;

/** Read APIs for the CLI and the console. Everything returned is already safe to show: no task token exists here. */
export async function handleApi(req: IncomingMessage, res: ServerResponse, path: string, deps: ApiDeps): Promise<void> {
  if (req.method === 'POST' && deps.approvalOperations !== undefined && (path === '/api/links/revoke' || path === '/api/secret/rotate')) {
    return handleApprovalOperation(req, res, path, deps.approvalOperations);
  }
  if (req.method !== 'GET') {
    sendError(res, 405, `${req.method ?? ''} is not allowed on ${path}`);
    return;
  }
  const query = new URL(req.url ?? '/', 'http://runtime.invalid').searchParams;
  if (path === '/api/incidents') {
    const status = query.get('status') ?? 'all';
    const severity = query.get('severity');
    if (status !== 'all' && !(STATUSES as readonly string[]).includes(status)) {
      sendError(res, 400, `status must be one of all, ${STATUSES.join(', ')}`, 'status');
      return;
    }
    if (severity !== null && !(SEVERITIES as readonly string[]).includes(severity)) {
      sendError(res, 400, `severity must be one of ${SEVERITIES.join(', ')}`, 'severity');
      return;
    }
    const lists = await Promise.all((status === 'all' ? STATUSES : [status as (typeof STATUSES)[number]]).map((s) => deps.incidents.listByStatus(s, 500)));
    const incidents = lists
      .flat()
      .filter((i) => severity === null || i.severity === severity)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    sendJson(res, 200, incidents.map(summary));
    return;
  }
  const one = /^\/api\/incidents\/(inc-[a-z0-9]{8,40})$/.exec(path);
  if (one?.[1] !== undefined) {
    const incident = await deps.incidents.get(one[1]);
    if (incident === null) {
      sendError(res, 404, `no incident ${one[1]}`);
      return;
    }
    const [timeline, signals, approvals, key] = await Promise.all([
      deps.timeline.list(incident.id),
      deps.intake.listSignals(incident.id),
      deps.approvals.list({ all: true, incidentId: incident.id }),
      deps.timelineKey(),
    ]);
    sendJson(res, 200, { incident: summary(incident), record: incident, timeline, chain: verifyChain(key, timeline), signals, approvals });
    return;
  }
  if (path === '/api/approvals') {
    const incidentId = query.get('incident');
    const all = query.get('all') === '1' || query.get('all') === 'true';
    sendJson(res, 200, await deps.approvals.list({ all, ...(incidentId === null ? {} : { incidentId }) }));
    return;
  }
  if (path === '/api/outbox') {
    const to = query.get('to') ?? undefined;
    const incidentId = query.get('incident') ?? undefined;
    sendJson(res, 200, deps.outbox.list({ ...(to === undefined ? {} : { to }), ...(incidentId === undefined ? {} : { incidentId }) }));
    return;
  }
  if (path === '/api/deadletters') {
    sendJson(res, 200, await deps.intake.listDeadLetters());
    return;
  }
  if (path === '/api/plan') {
    sendJson(res, 200, { org: deps.plan.org, name: deps.plan.name, contacts: deps.plan.contacts.map((c) => ({ id: c.id, name: c.name })) });
    return;
  }
  sendError(res, 404, `no API at ${path}`);
}

/** What a list shows of an incident. */
function summary(incident: Incident) {
  return {
    id: incident.id,
    title: incident.title,
    severity: incident.severity,
    status: incident.status,
    phase: incident.phase,
    crisisLead: incident.crisisLead,
    gate: incident.gate === null ? null : { gate: incident.gate.gate, holder: incident.gate.holder, deadline: incident.gate.deadline, escalationLevel: incident.gate.escalationLevel },
    drill: incident.drill,
    severityRule: incident.severityRule,
    createdAt: incident.createdAt,
    updatedAt: incident.updatedAt,
    phaseEnteredAt: incident.phaseEnteredAt,
  };
}
