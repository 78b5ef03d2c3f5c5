import { readFileSync } from 'node:fs';
import { CliError, type CliIo, EXIT } from './cli-io';
import { call, getJson } from './runtime-client';
import { table } from './table';

interface DraftView {
  draftId: string;
  incidentId: string;
  audience: string;
  title: string;
  author: string;
  status: string;
  createdAt: string;
  decidedBy: string | null;
  reason: string | null;
  recipients: string[];
}

/**
 * `sirp comms draft <incident> --audience executives|employees|customers|partners --file msg.md [--author <contact>]`:
 * stores a draft and starts its workflow. Nothing reaches the audience before
 * the Crisis Lead approves it through their personal link.
 *
 * @example
 * sirp comms draft inc-01jd7x3k9m --audience customers --file notice.md
 */
export async function commsDraft(
  args: { endpoint: string; json: boolean; incidentId: string | undefined; audience: string | undefined; file: string | undefined; author: string | undefined },
  io: CliIo,
): Promise<number> {
  if (args.incidentId === undefined || args.audience === undefined || args.file === undefined) {
    throw new CliError('usage: sirp comms draft <incident-id> --audience executives|employees|customers|partners --file msg.md [--author <contact-id>]', EXIT.badInput);
  }
  let message: string;
  try {
    message = args.file === '-' ? await io.readStdin() : readFileSync(args.file, 'utf8');
  } catch (error) {
    throw new CliError(`--file: cannot read ${args.file}: ${error instanceof Error ? error.message : 'unknown error'}`, EXIT.badInput);
  }
  const body = JSON.stringify({ audience: args.audience, message, ...(args.author === undefined ? {} : { author: args.author }) });
  const response = await call(args.endpoint, `/api/incidents/${encodeURIComponent(args.incidentId)}/comms`, io, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json' },
  });
  if (response.status === 401) throw new CliError('the runtime wants its access token: set SIRP_TOKEN to the token it printed at start');
  const answer = JSON.parse(response.text || '{}') as Partial<DraftView> & { error?: string };
  if (response.status !== 202) {
    throw new CliError(`draft refused: ${answer.error ?? `HTTP ${String(response.status)}`}`, response.status === 409 ? EXIT.refused : response.status >= 500 ? EXIT.failure : EXIT.badInput);
  }
  io.out(args.json ? JSON.stringify(answer, null, 2) : `${answer.draftId ?? '?'}: drafted for ${answer.audience ?? '?'}, waiting for the Crisis Lead's approval (nothing is sent before)`);
  return EXIT.ok;
}

/** `sirp comms [--incident ID]`: every draft and its state (pending, released, rejected with the reason, expired). */
export async function commsList(args: { endpoint: string; json: boolean; incidentId: string | undefined }, io: CliIo): Promise<number> {
  const path = args.incidentId === undefined ? '/api/comms' : `/api/incidents/${encodeURIComponent(args.incidentId)}/comms`;
  const drafts = await getJson<DraftView[]>(args.endpoint, path, io);
  if (args.json) {
    io.out(JSON.stringify(drafts, null, 2));
    return EXIT.ok;
  }
  io.out(
    table(
      ['DRAFT', 'INCIDENT', 'AUDIENCE', 'STATUS', 'BY', 'TITLE / REASON'],
      drafts.map((d) => [
        d.draftId,
        d.incidentId,
        d.audience,
        d.status === 'released' ? `released (${String(d.recipients.length)})` : d.status,
        d.decidedBy ?? d.author,
        (d.status === 'rejected' ? `${d.title}: ${d.reason ?? ''}` : d.title).replace(/\s+/g, ' ').slice(0, 70),
      ]),
    ),
  );
  return EXIT.ok;
}
