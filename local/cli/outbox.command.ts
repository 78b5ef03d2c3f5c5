import type { Delivery } from '../services/outbox';
import type { CliIo } from './cli-io';
import { EXIT } from './cli-io';
import { getJson } from './runtime-client';
import { table } from './table';


/** `sirp outbox [--to <contact-id>]`: every email and SMS the runtime delivered, newest last. */
export async function outbox(args: { endpoint: string; json: boolean; to?: string; full: boolean }, io: CliIo): Promise<number> {
  const query = args.to === undefined ? '' : `?to=${encodeURIComponent(args.to)}`;
  const deliveries = await getJson<Delivery[]>(args.endpoint, `/api/outbox${query}`, io);
  if (args.json) {
    io.out(JSON.stringify(deliveries.map((d) => ({ id: d.id, at: d.at, channel: d.channel, to: d.to, address: d.address, subject: d.subject ?? null, body: d.body, incidentId: d.incidentId ?? null, approvalId: d.approvalId ?? null })), null, 2));
    return EXIT.ok;
  }
  if (args.full) {
    for (const d of deliveries) io.out(`--- ${d.at} ${d.channel} to ${d.to} <${d.address}>\n${d.subject === undefined ? '' : `Subject: ${d.subject}\n\n`}${d.body}\n`);
    return EXIT.ok;
  }
  io.out(table(['AT', 'CHANNEL', 'TO', 'INCIDENT', 'SUBJECT / TEXT'], deliveries.map((d) => [d.at.replace('T', ' ').slice(0, 19), d.channel, d.to, d.incidentId ?? '-', (d.subject ?? d.body).replace(/\s+/g, ' ').slice(0, 70)])));
  return EXIT.ok;
}
