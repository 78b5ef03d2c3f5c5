import { readFileSync } from 'node:fs';
import type { IntakeAnswer } from '../../lambdas/triage/triage-service';
import { CliError, type CliIo, EXIT } from './cli-io';
import { call } from './runtime-client';
import { table } from './table';

/**
 * `sirp trigger <file|->`: sends one event to the intake and prints its
 * answer. Exit 0 accepted, 2 rejected as bad input, 1 runtime unreachable.
 */
export async function trigger(args: { source: string | undefined; json: boolean; endpoint: string }, io: CliIo): Promise<number> {
  if (args.source === undefined) throw new CliError('usage: sirp trigger <file|->', EXIT.badInput);
  let body: string;
  try {
    body = args.source === '-' ? await io.readStdin() : readFileSync(args.source, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${args.source}: ${(error as NodeJS.ErrnoException).code ?? 'unknown error'}`, EXIT.badInput);
  }
  const response = await call(args.endpoint, '/events', io, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
  if (response.status === 413) {
    io.err('rejected: the event is larger than 256 KB');
    return EXIT.badInput;
  }
  if (response.status !== 202 && response.status !== 400) throw new CliError(`the intake answered HTTP ${response.status}`);
  const answer = JSON.parse(response.text) as IntakeAnswer;
  if (args.json) io.out(JSON.stringify(answer, null, 2));
  else {
    io.out(`event ${answer.eventId}`);
    io.out(
      table(
        ['OUTCOME', 'INCIDENT', 'SEVERITY', 'RULE', 'REASON'],
        answer.results.map((r) => [r.outcome, r.incidentId ?? '-', r.severity ?? '-', r.rule ?? '-', r.reason === null ? '' : `${r.reason.path}: ${r.reason.message}`]),
      ),
    );
  }
  return response.status === 202 ? EXIT.ok : EXIT.badInput;
}
