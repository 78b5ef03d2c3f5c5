import { CliError, type CliIo, EXIT } from './cli-io';
import { getJson } from './runtime-client';
import { age, table } from './table';

interface IncidentSummary {
  id: string;
  title: string;
  severity: string;
  status: string;
  phase: string;
  crisisLead: string | null;
  gate: { gate: string; holder: string; deadline: string; escalationLevel: number } | null;
  drill: boolean;
  severityRule: string;
  createdAt: string;
}

interface IncidentDetail {
  incident: IncidentSummary;
  timeline: { seq: number; at: string; type: string; actor: string; summary: string }[];
  chain: { intact: boolean; firstBadSeq?: number; reason?: string };
  signals: { eventId: string; at: string; outcome: string; source: string; title: string }[];
}

/** `sirp incidents [--status open|closed|dismissed|all] [--severity sevN]`. */
export async function listIncidents(args: { endpoint: string; json: boolean; status?: string; severity?: string }, io: CliIo): Promise<number> {
  const query = new URLSearchParams({ status: args.status ?? 'open', ...(args.severity === undefined ? {} : { severity: args.severity }) });
  const incidents = await getJson<IncidentSummary[]>(args.endpoint, `/api/incidents?${query.toString()}`, io);
  if (args.json) {
    io.out(JSON.stringify(incidents, null, 2));
    return EXIT.ok;
  }
  const now = Date.now();
  io.out(
    table(
      ['ID', 'SEV', 'PHASE', 'WAITING ON', 'CRISIS LEAD', 'AGE', 'TITLE'],
      incidents.map((i) => [
        i.id + (i.drill ? ' (drill)' : ''),
        i.severity,
        i.phase,
        i.gate === null ? '-' : `${i.gate.gate} gate: ${i.gate.holder}`,
        i.crisisLead ?? '-',
        age(i.createdAt, now),
        i.title.slice(0, 60),
      ]),
    ),
  );
  return EXIT.ok;
}

/** `sirp incidents show <id>`: phase, gate, Crisis Lead, timeline. */
export async function showIncident(args: { endpoint: string; json: boolean; id: string | undefined }, io: CliIo): Promise<number> {
  if (args.id === undefined) throw new CliError('usage: sirp incidents show <incident-id>', EXIT.badInput);
  const detail = await getJson<IncidentDetail>(args.endpoint, `/api/incidents/${encodeURIComponent(args.id)}`, io);
  if (args.json) {
    io.out(JSON.stringify(detail, null, 2));
    return EXIT.ok;
  }
  const i = detail.incident;
  io.out(`${i.id}  ${i.severity}  ${i.status}${i.drill ? '  DRILL' : ''}`);
  io.out(`  title        ${i.title}`);
  io.out(`  phase        ${i.phase}`);
  io.out(`  gate         ${i.gate === null ? '-' : `${i.gate.gate}, held by ${i.gate.holder} until ${i.gate.deadline}${i.gate.escalationLevel > 0 ? ` (escalated ${i.gate.escalationLevel}x)` : ''}`}`);
  io.out(`  crisis lead  ${i.crisisLead ?? '- (not mobilized)'}`);
  io.out(`  severity     ${i.severity} (rule: ${i.severityRule})`);
  io.out(`  signals      ${detail.signals.length}`);
  io.out(`  timeline     ${detail.chain.intact ? 'hash chain intact' : `TAMPERED at entry ${detail.chain.firstBadSeq ?? '?'}: ${detail.chain.reason ?? ''}`}`);
  io.out('');
  io.out(table(['#', 'AT', 'ACTOR', 'WHAT'], detail.timeline.map((e) => [String(e.seq), e.at.replace('T', ' ').slice(0, 19), e.actor, e.summary])));
  return EXIT.ok;
}
