import { z } from 'zod';
import { ApprovalIdSchema } from '../../core/approval/approval.schema';
import { parseLink } from '../../core/approval/link';
import { APPROVAL_STATE_HEADER, type PageState } from '../../core/approval/pages';
import { ContactIdSchema } from '../../core/plan/contact.schema';
import { findForm, pageForms } from './approval-form';
import type { ListedApproval } from './approvals.command';
import { CliError, type CliIo, EXIT } from './cli-io';
import { getJson } from './runtime-client';

export interface ApproveArgs {
  readonly target: string | undefined;
  readonly as: string | undefined;
  readonly reject: boolean;
  readonly reason: string | undefined;
  readonly acknowledge: boolean;
  readonly decision: string | undefined;
  readonly json: boolean;
  readonly endpoint: string;
}

/** What the person asks for, validated before anything is sent. */
const RequestSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('approve'), decision: z.enum(['mobilize', 'dismiss', 'approve']).optional() }),
  z.object({ action: z.literal('reject'), reason: z.string().trim().min(1, 'a rejection needs --reason "..."') }),
  z.object({ action: z.literal('acknowledge') }),
]);
type Request = z.infer<typeof RequestSchema>;

/** Exit code per page state: the server decides, the CLI only reports. */
const EXIT_FOR: Readonly<Record<PageState, number>> = {
  open: EXIT.ok,
  decided: EXIT.ok,
  acknowledged: EXIT.ok,
  forbidden: EXIT.refused,
  'already-decided': EXIT.alreadyDecided,
  expired: EXIT.expired,
  superseded: EXIT.superseded,
  // Recorded, but the workflow had already handed the decision on.
  'moved-on': EXIT.superseded,
  'bad-link': EXIT.badInput,
  'bad-request': EXIT.badInput,
  'too-large': EXIT.badInput,
  'method-not-allowed': EXIT.failure,
  forgery: EXIT.failure,
  error: EXIT.failure,
};

/** Status of a listed approval without a usable link, as the page would have said it. */
const STATE_OF_STATUS: Readonly<Record<string, PageState>> = {
  approved: 'already-decided',
  rejected: 'already-decided',
  superseded: 'superseded',
  expired: 'expired',
};

/**
 * `sirp approve <approval-id|link> --as <contact-id> [--reject --reason "..."] [--acknowledge] [--decision D]`:
 * opens the link's page (GET, which decides nothing) and submits its form as
 * a person's browser would, naming `--as` in the form's `actor` field. The
 * server alone judges whether that person may decide. Exit codes: decided 0,
 * refused 3, already decided 4, expired 5, superseded (or moved on) 6, bad
 * input 2, runtime unreachable 1.
 *
 * @example
 *   npx sirp approve 'http://127.0.0.1:8080/a/Yq3v...A.kV3p...Q' --as maya-chen --decision mobilize
 *   npx sirp approve Yq3v0dB1f8kQeW2aLr9x_A --as maya-chen --reject --reason "a known load test"
 */
export async function approve(args: ApproveArgs, io: CliIo): Promise<number> {
  if (args.target === undefined) throw new CliError('usage: sirp approve <approval-id|link> --as <contact-id> [--reject --reason "..."] [--acknowledge]', EXIT.badInput);
  const actor = ContactIdSchema.safeParse(args.as ?? '');
  if (!actor.success) throw new CliError(`--as: ${args.as === undefined ? 'required' : actor.error.issues[0]?.message ?? 'invalid'} (the contact id of the person deciding)`, EXIT.badInput);
  const request = parseRequest(args);
  const link = await resolveLink(args, io);
  if (typeof link !== 'string') return report(args, io, link.state, link.approvalId, null, link.message);
  const parsed = parseLink(link);
  const approvalId = parsed.ok ? parsed.link.approvalId : null;

  const opened = await open(link, { method: 'GET' });
  const openedState = stateOf(opened);
  if (openedState !== 'open') return report(args, io, openedState, approvalId, opened.status, summaryOf(opened.text));
  const form = formFor(opened.text, request);
  const fields: Record<string, string> = { ...form.fields, actor: actor.data, ...(request.action === 'reject' ? { reason: request.reason } : {}) };
  const answer = await open(link, {
    method: 'POST',
    // What a browser sends for a form posted from the page it came from.
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
    body: new URLSearchParams(fields).toString(),
  });
  return report(args, io, stateOf(answer), approvalId, answer.status, summaryOf(answer.text));
}

function parseRequest(args: ApproveArgs): Request {
  if (args.reject && args.acknowledge) throw new CliError('--reject and --acknowledge exclude each other', EXIT.badInput);
  if (args.decision !== undefined && (args.reject || args.acknowledge)) throw new CliError('--decision goes with an approval, not with --reject or --acknowledge', EXIT.badInput);
  if (args.reason !== undefined && !args.reject) throw new CliError('--reason goes with --reject', EXIT.badInput);
  const input = args.reject ? { action: 'reject', reason: args.reason ?? '' } : args.acknowledge ? { action: 'acknowledge' } : { action: 'approve', decision: args.decision };
  const parsed = RequestSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CliError(issue?.path[0] === 'decision' ? '--decision: one of mobilize, dismiss, approve' : (issue?.message ?? 'invalid request'), EXIT.badInput);
  }
  return parsed.data;
}

/** The link to open: given, or looked up by approval id in the runtime's listing (the operator's sandbox). */
async function resolveLink(args: ApproveArgs, io: CliIo): Promise<string | { state: PageState; approvalId: string; message: string }> {
  const target = args.target ?? '';
  if (target.includes('/a/')) {
    if (!parseLink(target).ok) throw new CliError('not a sirp approval link (expected <base>/a/<id>.<signature>)', EXIT.badInput);
    return target;
  }
  if (parseLink(target).ok) return `${args.endpoint}/a/${target}`;
  if (!ApprovalIdSchema.safeParse(target).success) throw new CliError(`"${target}" is neither an approval id (22 characters) nor an approval link`, EXIT.badInput);
  const approvals = await getJson<ListedApproval[]>(args.endpoint, '/api/approvals?all=1', io);
  const found = approvals.find((a) => a.approvalId === target);
  if (found === undefined) throw new CliError(`no approval ${target} in this runtime`, EXIT.badInput);
  if (found.link !== null) return found.link;
  const state = STATE_OF_STATUS[found.status];
  if (state === undefined) throw new CliError(`approval ${target} has no link in this runtime (signed with a retired secret)`, EXIT.failure);
  return { state, approvalId: target, message: `approval ${target} is ${found.status}${found.decidedBy === null ? '' : ` by ${found.decidedBy}`}` };
}

interface Page {
  readonly status: number;
  readonly state: string | null;
  readonly text: string;
}

/** One request to the approval page. No access token goes with it: the link is the credential. */
async function open(url: string, init: { method: string; headers?: Record<string, string>; body?: string }): Promise<Page> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, redirect: 'manual' });
  } catch {
    throw new CliError(`cannot reach ${new URL(url).origin}: is "sirp local" running?`, EXIT.failure);
  }
  return { status: response.status, state: response.headers.get(APPROVAL_STATE_HEADER), text: await response.text() };
}

function stateOf(page: Page): PageState {
  const state = page.state as PageState | null;
  if (state !== null && state in EXIT_FOR) return state;
  if (page.status === 413) return 'too-large';
  return 'error';
}

function formFor(html: string, request: Request): { readonly fields: Readonly<Record<string, string>> } {
  if (request.action !== 'approve') {
    const form = findForm(html, request.action);
    if (form === undefined) throw new CliError(`the page offers no ${request.action} form`, EXIT.failure);
    return form;
  }
  const offered = pageForms(html).filter((f) => f.fields.action === 'approve');
  const form = request.decision === undefined ? offered[0] : offered.find((f) => f.fields.decision === request.decision);
  if (form === undefined) {
    throw new CliError(`this approval accepts ${offered.map((f) => f.fields.decision ?? '?').join(' or ')}, not "${request.decision ?? ''}"`, EXIT.badInput);
  }
  return form;
}

/** The page's heading and first sentence that says what happened, as one line. */
function summaryOf(html: string): string {
  const text = (fragment: string): string =>
    fragment
      .replace(/<[^>]*>/g, ' ')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&')
      .replace(/\s+/g, ' ')
      .trim();
  const heading = text(/<h1>([\s\S]*?)<\/h1>/.exec(html)?.[1] ?? '');
  const paragraphs = [...html.matchAll(/<p>([\s\S]*?)<\/p>/g)].map((m) => text(m[1] ?? '')).filter((p) => !p.startsWith('For ') && p !== '');
  return [heading, paragraphs[0]].filter((part) => part !== undefined && part !== '').join(': ');
}

function report(args: ApproveArgs, io: CliIo, state: PageState, approvalId: string | null, httpStatus: number | null, message: string): number {
  const exitCode = EXIT_FOR[state];
  if (args.json) io.out(JSON.stringify({ outcome: state, exitCode, approvalId, httpStatus, message }, null, 2));
  else if (exitCode === EXIT.ok) io.out(`${state}: ${message}`);
  else io.err(`${state}: ${message}`);
  return exitCode;
}
