import type { CliIo } from './cli-io';
import { EXIT } from './cli-io';
import { postOperation, printRevoked, type RevocationAnswer } from './links.command';

/**
 * `sirp secret rotate`: replaces the link-signing secret. Every link signed
 * with the old one stops working at once (it is retired, not kept as the
 * previous version), and every pending approval is re-issued: its person is
 * sent a fresh link. Use it when a mailbox or a phone may be compromised.
 */
export async function rotateSecret(args: { endpoint: string; json: boolean }, io: CliIo): Promise<number> {
  const answer = await postOperation<RevocationAnswer & { secretVersion: string }>(args.endpoint, '/api/secret/rotate', {}, io);
  if (args.json) {
    io.out(JSON.stringify(answer, null, 2));
    return EXIT.ok;
  }
  io.out(`signing secret rotated (version ${answer.secretVersion}): every older link is dead; ${answer.revoked.length} pending approval(s) re-issued with fresh links`);
  if (answer.revoked.length > 0) printRevoked(io, answer.revoked);
  return EXIT.ok;
}
