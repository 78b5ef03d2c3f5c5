import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { SeveritySchema } from '../../core/incident/severity';
import type { IntakeAnswer } from '../../lambdas/triage/triage-service';
import { CliError, type CliIo, EXIT } from './cli-io';
import { call } from './runtime-client';

/** What the CLI checks before sending: the runtime checks it again (and that `--by` is a contact of the plan). */
const DeclareArgs = z.object({
  title: z.string({ error: '--title is required' }).trim().min(1, '--title must not be empty').max(500, '--title is at most 500 characters'),
  severity: SeveritySchema.or(z.undefined()).refine((s) => s !== undefined, '--severity is required: sev1, sev2, sev3 or sev4'),
  by: z.string().min(1).max(200).optional(),
  description: z.string().max(10_000, '--description is at most 10,000 characters').optional(),
});

export interface DeclareOptions {
  readonly title: string | undefined;
  readonly severity: string | undefined;
  readonly by: string | undefined;
  readonly description: string | undefined;
  readonly json: boolean;
  readonly endpoint: string;
}

/**
 * `sirp declare --title "..." --severity sev2 [--by <contact-id>]`: opens an
 * incident for what no sensor sees (a phishing report, a researcher's email,
 * a partner's warning). The declared severity is the incident's, whatever the
 * plan's rules say. Exit 0 declared, 2 refused (the field is named), 1 runtime
 * unreachable. A retry of the same command after a timeout is a new
 * declaration: check `sirp incidents` first.
 *
 * @example
 * sirp declare --title "Invoices downloadable without sign-in" --severity sev2 --by maya-chen
 */
export async function declare(options: DeclareOptions, io: CliIo): Promise<number> {
  const args = DeclareArgs.safeParse({ title: options.title, severity: options.severity, by: options.by, description: options.description });
  if (!args.success) {
    const issue = args.error.issues[0];
    const field = `--${String(issue?.path[0] ?? 'title')}`;
    const message = issue?.code === 'invalid_value' || issue?.code === 'invalid_union' ? `${field} must be sev1, sev2, sev3 or sev4` : (issue?.message ?? 'invalid');
    throw new CliError(message.startsWith('--') ? message : `${field}: ${message}`, EXIT.badInput);
  }
  const { title, severity, by, description } = args.data;
  const body = JSON.stringify({ title, severity, ...(by === undefined ? {} : { declaredBy: by }), ...(description === undefined ? {} : { description }) });
  const response = await call(options.endpoint, '/api/declare', io, {
    method: 'POST',
    body,
    // The same key on a retry of this one request makes it a duplicate, not a second incident.
    headers: { 'content-type': 'application/json', 'idempotency-key': randomBytes(12).toString('base64url') },
  });
  if (response.status === 401) throw new CliError('the runtime wants its access token: set SIRP_TOKEN to the token it printed at start');
  if (![200, 201, 400].includes(response.status)) throw new CliError(`the runtime answered HTTP ${response.status}`);
  const answer = JSON.parse(response.text) as IntakeAnswer;
  const [result] = answer.results;
  if (options.json) io.out(JSON.stringify(answer, null, 2));
  else if (result?.reason != null) io.err(`refused: ${result.reason.path}: ${result.reason.message}`);
  else io.out(`${result?.outcome ?? 'unknown'} ${result?.incidentId ?? '-'} (${result?.severity ?? '-'}, severity rule: ${result?.rule ?? '-'})`);
  return response.status === 400 ? EXIT.badInput : EXIT.ok;
}
