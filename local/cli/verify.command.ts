import { describeVerdict } from '../../core/timeline/verify-timeline';
import { CliError, type CliIo, EXIT } from './cli-io';
import { getJson } from './runtime-client';

type Verdict = { incidentId: string; intact: true; entries: number } | { incidentId: string; intact: false; entries: number; firstBadSeq: number; reason: string };

/**
 * `sirp verify <id>`: checks every keyed hash of the incident's timeline with
 * the stack's secret. Exit 0 when the chain is intact, 1 when an entry was
 * altered, removed or inserted (the first one is named).
 */
export async function verify(args: { endpoint: string; json: boolean; id: string | undefined }, io: CliIo): Promise<number> {
  if (args.id === undefined) throw new CliError('usage: sirp verify <incident-id>', EXIT.badInput);
  const verdict = await getJson<Verdict>(args.endpoint, `/api/incidents/${encodeURIComponent(args.id)}/verify`, io);
  io.out(args.json ? JSON.stringify(verdict, null, 2) : `${verdict.incidentId}: timeline ${describeVerdict(verdict)}`);
  return verdict.intact ? EXIT.ok : EXIT.failure;
}
