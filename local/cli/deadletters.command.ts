import type { CliIo } from './cli-io';
import { EXIT } from './cli-io';
import { getJson } from './runtime-client';
import { table } from './table';

interface DeadLetter {
  id: string;
  at: string;
  path: string;
  message: string;
  excerpt: string;
}

/** `sirp deadletters`: rejected input with the field and the reason. */
export async function deadletters(args: { endpoint: string; json: boolean }, io: CliIo): Promise<number> {
  const letters = await getJson<DeadLetter[]>(args.endpoint, '/api/deadletters', io);
  if (args.json) io.out(JSON.stringify(letters, null, 2));
  else io.out(table(['AT', 'ID', 'FIELD', 'REASON'], letters.map((l) => [l.at.replace('T', ' ').slice(0, 19), l.id, l.path, l.message.slice(0, 80)])));
  return EXIT.ok;
}
