import { ApprovalIdSchema } from '../../core/approval/approval.schema';
import { IncidentIdSchema } from '../../core/incident/incident.schema';
import { CliError, type CliIo, EXIT } from './cli-io';
import { call } from './runtime-client';
import { table } from './table';

/** What the runtime answers to a revocation (never a link: the fresh ones go to their people only). */
export interface RevocationAnswer {
  readonly revoked: readonly { readonly incidentId: string; readonly decider: string; readonly revokedApprovalId: string; readonly newApprovalId: string }[];
  readonly notPending: { readonly approvalId: string; readonly status: string } | null;
}

const EXIT_FOR_STATUS: Readonly<Record<string, number>> = {
  approved: EXIT.alreadyDecided,
  rejected: EXIT.alreadyDecided,
  expired: EXIT.expired,
  superseded: EXIT.superseded,
};

/** POSTs an operator action; errors are one line (the server names the bad field). */
export async function postOperation<T>(endpoint: string, path: string, body: unknown, io: CliIo): Promise<T> {
  const response = await call(endpoint, path, io, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  if (response.status === 401) throw new CliError('the runtime wants its access token: set SIRP_TOKEN to the token it printed at start');
  let parsed: unknown;
  try {
    parsed = JSON.parse(response.text);
  } catch {
    throw new CliError(`${path}: HTTP ${response.status}`);
  }
  if (response.status !== 200) {
    const message = typeof parsed === 'object' && parsed !== null && 'error' in parsed ? String(parsed.error) : `HTTP ${response.status}`;
    throw new CliError(message, response.status === 404 || response.status === 400 ? EXIT.badInput : EXIT.failure);
  }
  return parsed as T;
}

/** Prints re-issued links as a table: who got a fresh link in place of which. */
export function printRevoked(io: CliIo, revoked: RevocationAnswer['revoked']): void {
  io.out(table(['INCIDENT', 'PERSON', 'REVOKED', 'NEW APPROVAL'], revoked.map((r) => [r.incidentId, r.decider, r.revokedApprovalId, r.newApprovalId])));
}

/**
 * `sirp links revoke --incident <id> | --approval <id>`: invalidates the
 * pending links (a forwarded mail, a lost phone) and sends each person a
 * fresh one for the same decision. Exit 0 when done; naming an approval that
 * is no longer pending exits like `sirp approve` would (4 decided, 5 expired,
 * 6 superseded).
 */
export async function revokeLinksCommand(args: { endpoint: string; json: boolean; incident?: string; approval?: string }, io: CliIo): Promise<number> {
  if ((args.incident === undefined) === (args.approval === undefined)) throw new CliError('name one of --incident <id> or --approval <id>', EXIT.badInput);
  if (args.incident !== undefined && !IncidentIdSchema.safeParse(args.incident).success) throw new CliError(`--incident: "${args.incident}" is not an incident id`, EXIT.badInput);
  if (args.approval !== undefined && !ApprovalIdSchema.safeParse(args.approval).success) throw new CliError(`--approval: "${args.approval}" is not an approval id (22 characters)`, EXIT.badInput);
  const body = args.incident !== undefined ? { incidentId: args.incident } : { approvalId: args.approval };
  const answer = await postOperation<RevocationAnswer>(args.endpoint, '/api/links/revoke', body, io);
  if (args.json) io.out(JSON.stringify(answer, null, 2));
  if (answer.notPending !== null) {
    if (!args.json) io.err(`approval ${answer.notPending.approvalId} is ${answer.notPending.status}: there is no live link to revoke`);
    return EXIT_FOR_STATUS[answer.notPending.status] ?? EXIT.failure;
  }
  if (!args.json) {
    io.out(answer.revoked.length === 0 ? 'no pending approvals: nothing to revoke' : `${answer.revoked.length} link(s) revoked; each person was sent a fresh one`);
    if (answer.revoked.length > 0) printRevoked(io, answer.revoked);
  }
  return EXIT.ok;
}
