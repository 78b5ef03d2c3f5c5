import type { CliIo } from './cli-io';
import { EXIT } from './cli-io';
import { getJson } from './runtime-client';
import { table } from './table';

/** One approval as `/api/approvals` lists it (the public view: never a task token). */
export interface ListedApproval {
  readonly approvalId: string;
  readonly incidentId: string;
  readonly subject: { readonly kind: 'gate' | 'action' | 'communication'; readonly [key: string]: string };
  readonly gate: string;
  readonly decider: string;
  readonly expiresAt: string;
  readonly status: string;
  readonly decidedBy: string | null;
  readonly link: string | null;
}

/** What `--json` prints per approval: the documented fields, and the subject when it is not a gate. */
function jsonView(a: ListedApproval) {
  return {
    approvalId: a.approvalId,
    incidentId: a.incidentId,
    gate: a.gate,
    decider: a.decider,
    expiresAt: a.expiresAt,
    status: a.status,
    link: a.link,
    ...(a.subject.kind === 'gate' ? {} : { subject: a.subject }),
  };
}

/** "in 14m", "3m ago": how long a person has left, for people. */
function until(iso: string, now: number): string {
  const minutes = Math.round((Date.parse(iso) - now) / 60_000);
  const span = (m: number): string => (m < 120 ? `${m}m` : m < 48 * 60 ? `${Math.floor(m / 60)}h ${m % 60}m` : `${Math.floor(m / 1440)}d`);
  return minutes >= 0 ? `in ${span(minutes)}` : `${span(-minutes)} ago`;
}

/**
 * `sirp approvals [--all] [--incident ID] [--json]`: the approvals waiting on
 * someone (every one with `--all`), with each person's link. The runtime is
 * the operator's sandbox, so its links are shown; decide through them with
 * `sirp approve`.
 */
export async function listApprovals(args: { endpoint: string; json: boolean; all: boolean; incident?: string }, io: CliIo): Promise<number> {
  const query = new URLSearchParams({ ...(args.all ? { all: '1' } : {}), ...(args.incident === undefined ? {} : { incident: args.incident }) }).toString();
  const approvals = await getJson<ListedApproval[]>(args.endpoint, `/api/approvals${query === '' ? '' : `?${query}`}`, io);
  if (args.json) {
    io.out(JSON.stringify(approvals.map(jsonView), null, 2));
    return EXIT.ok;
  }
  const now = Date.now();
  io.out(
    table(
      ['APPROVAL', 'INCIDENT', 'DECISION', 'DECIDER', 'STATUS', 'EXPIRES', 'LINK'],
      approvals.map((a) => [
        a.approvalId,
        a.incidentId,
        a.gate,
        a.decider,
        a.status === 'approved' || a.status === 'rejected' ? `${a.status} by ${a.decidedBy ?? '?'}` : a.status,
        a.status === 'pending' ? until(a.expiresAt, now) : '-',
        a.status === 'pending' ? (a.link ?? '(signed with a retired secret)') : '-',
      ]),
    ),
  );
  return EXIT.ok;
}
