import { readFileSync } from 'node:fs';
import { parsePlanText } from '../../core/plan/load-plan';
import { summarizePlan } from '../../core/plan/summarize-plan';
import { CliError, type CliIo, EXIT } from './cli-io';

/**
 * `sirp plan validate <file> [--json]`: prints every problem with its path and
 * exits 1, or a one-screen summary and exits 0.
 */
export function planValidate(args: { file: string | undefined; json: boolean }, io: CliIo): number {
  if (args.file === undefined) throw new CliError('usage: sirp plan validate <file>', EXIT.badInput);
  let text: string;
  try {
    text = readFileSync(args.file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${args.file}: ${(error as NodeJS.ErrnoException).code ?? 'unknown error'}`);
  }
  const result = parsePlanText(text);
  if (args.json) {
    io.out(JSON.stringify(result.ok ? { valid: true, org: result.plan.org } : { valid: false, issues: result.issues }, null, 2));
  } else if (result.ok) {
    io.out(summarizePlan(result.plan));
  } else {
    io.err(`${args.file}: ${result.issues.length} problem(s)`);
    for (const issue of result.issues) io.err(`  ${issue.path}: ${issue.message}`);
  }
  return result.ok ? EXIT.ok : EXIT.failure;
}
