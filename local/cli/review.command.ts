import { writeFileSync } from 'node:fs';
import { CliError, type CliIo, EXIT } from './cli-io';
import { getJson } from './runtime-client';

interface ReviewAnswer {
  incidentId: string;
  phase: string;
  drafted: { seq: number; at: string; sha256: string } | null;
  markdown: string;
}

/**
 * `sirp review <id> [--out file.md]`: the post-incident review in Markdown.
 * In Learn and after, it is the draft stored on the timeline (what the Crisis
 * Lead approves); before, a live draft of what the timeline says so far.
 *
 * @example
 * sirp review inc-01jd7x3k9m --out reviews/inc-01jd7x3k9m.md
 */
export async function review(args: { endpoint: string; json: boolean; id: string | undefined; out: string | undefined }, io: CliIo): Promise<number> {
  if (args.id === undefined) throw new CliError('usage: sirp review <incident-id> [--out file.md]', EXIT.badInput);
  const answer = await getJson<ReviewAnswer>(args.endpoint, `/api/incidents/${encodeURIComponent(args.id)}/review`, io);
  if (args.json) {
    io.out(JSON.stringify(answer, null, 2));
    return EXIT.ok;
  }
  const origin = answer.drafted === null ? `live draft (phase ${answer.phase}): not stored yet` : `draft stored at timeline entry ${String(answer.drafted.seq)}, ${answer.drafted.at}`;
  if (args.out === undefined) {
    io.out(answer.markdown);
    return EXIT.ok;
  }
  try {
    writeFileSync(args.out, answer.markdown, { encoding: 'utf8', flag: 'w' });
  } catch (error) {
    throw new CliError(`cannot write ${args.out}: ${error instanceof Error ? error.message : 'unknown error'}`, EXIT.badInput);
  }
  io.out(`wrote the review of ${answer.incidentId} to ${args.out} (${origin})`);
  return EXIT.ok;
}
