import type { ParseArgsConfig } from 'node:util';
import type { CliIo } from './cli-io';
import { deadletters } from './deadletters.command';
import { declare } from './declare.command';
import { listIncidents, showIncident } from './incidents.command';
import { local } from './local.command';
import { outbox } from './outbox.command';
import { planValidate } from './plan-validate.command';
import { endpointOf } from './runtime-client';
import { listTasks, updateTask } from './tasks.command';
import { trigger } from './trigger.command';
import { listApprovals } from './approvals.command';
import { approve } from './approve.command';
import { revokeLinksCommand } from './links.command';
import { rotateSecret } from './secret.command';
import { commsDraft, commsList } from './comms.command';
import { review } from './review.command';
import { verify } from './verify.command';

type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface Command {
  /** One or two words: `incidents`, `plan validate`. */
  readonly name: string;
  readonly usage: string;
  readonly summary: string;
  readonly options: NonNullable<ParseArgsConfig['options']>;
  run(values: Values, positionals: string[], io: CliIo): Promise<number> | number;
}

const str = (value: Values[string]): string | undefined => (typeof value === 'string' ? value : undefined);
const json = { type: 'boolean' } as const;
const endpoint = { type: 'string' } as const;
const client = { json, endpoint };
const at = (values: Values, io: CliIo): string => endpointOf(str(values.endpoint), io);

/** Every command of the CLI, in the order `sirp --help` lists them. */
export const COMMANDS: readonly Command[] = [
  {
    name: 'local',
    usage: 'local [--plan FILE] [--port N] [--host H] [--data DIR | --memory] [--public-url URL] [--speed X] [--drill]',
    summary: 'run the embedded runtime for one plan (prints "ready <console URL>")',
    options: { plan: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' }, data: { type: 'string' }, memory: { type: 'boolean' }, 'public-url': { type: 'string' }, speed: { type: 'string' }, drill: { type: 'boolean' } },
    run: (v, _p, io) =>
      local({ plan: str(v.plan) ?? 'orgs/example.yaml', port: str(v.port), host: str(v.host), data: str(v.data), memory: v.memory === true, publicUrl: str(v['public-url']), speed: str(v.speed), drill: v.drill === true }, io),
  },
  {
    name: 'plan validate',
    usage: 'plan validate <file> [--json]',
    summary: 'check an organization plan; every problem is named by its path',
    options: { json },
    run: (v, p, io) => planValidate({ file: p[0], json: v.json === true }, io),
  },
  {
    name: 'trigger',
    usage: 'trigger <file|-> [--json] [--endpoint URL]',
    summary: 'send an event to the intake (exit 0 accepted, 2 rejected, 1 unreachable)',
    options: client,
    run: (v, p, io) => trigger({ source: p[0], json: v.json === true, endpoint: at(v, io) }, io),
  },
  {
    name: 'declare',
    usage: 'declare --title TEXT --severity sev1|sev2|sev3|sev4 [--by <contact-id>] [--description TEXT] [--json] [--endpoint URL]',
    summary: 'open an incident by hand, for what no sensor sees (exit 0 declared, 2 refused)',
    options: { ...client, title: { type: 'string' }, severity: { type: 'string' }, by: { type: 'string' }, description: { type: 'string' } },
    run: (v, _p, io) =>
      declare({ title: str(v.title), severity: str(v.severity), by: str(v.by), description: str(v.description), json: v.json === true, endpoint: at(v, io) }, io),
  },
  {
    name: 'incidents show',
    usage: 'incidents show <id> [--json] [--endpoint URL]',
    summary: 'one incident: phase, gate, Crisis Lead, timeline',
    options: client,
    run: (v, p, io) => showIncident({ id: p[0], json: v.json === true, endpoint: at(v, io) }, io),
  },
  {
    name: 'incidents',
    usage: 'incidents [--status open|closed|dismissed|all] [--severity sevN] [--json] [--endpoint URL]',
    summary: 'list incidents (open by default)',
    options: { ...client, status: { type: 'string' }, severity: { type: 'string' } },
    run: (v, _p, io) =>
      listIncidents({ json: v.json === true, endpoint: at(v, io), ...(str(v.status) === undefined ? {} : { status: str(v.status) }), ...(str(v.severity) === undefined ? {} : { severity: str(v.severity) }) }, io),
  },
  {
    name: 'approvals',
    usage: 'approvals [--all] [--incident ID] [--json] [--endpoint URL]',
    summary: 'approvals waiting on someone (every one with --all), with their links',
    options: { ...client, all: { type: 'boolean' }, incident: { type: 'string' } },
    run: (v, _p, io) => listApprovals({ json: v.json === true, endpoint: at(v, io), all: v.all === true, ...(str(v.incident) === undefined ? {} : { incident: str(v.incident) }) }, io),
  },
  {
    name: 'approve',
    usage: 'approve <approval-id|link> --as <contact> [--decision D | --reject --reason "..." | --acknowledge] [--json]',
    summary: 'decide through the link page as that person (exit 0 decided, 3 refused, 4 decided before, 5 expired, 6 superseded)',
    options: { ...client, as: { type: 'string' }, reject: { type: 'boolean' }, reason: { type: 'string' }, acknowledge: { type: 'boolean' }, decision: { type: 'string' } },
    run: (v, p, io) =>
      approve({ target: p[0], as: str(v.as), reject: v.reject === true, reason: str(v.reason), acknowledge: v.acknowledge === true, decision: str(v.decision), json: v.json === true, endpoint: at(v, io) }, io),
  },
  {
    name: 'links revoke',
    usage: 'links revoke --incident <id> | --approval <id> [--json] [--endpoint URL]',
    summary: 'kill pending approval links and send each person a fresh one',
    options: { ...client, incident: { type: 'string' }, approval: { type: 'string' } },
    run: (v, _p, io) =>
      revokeLinksCommand({ json: v.json === true, endpoint: at(v, io), ...(str(v.incident) === undefined ? {} : { incident: str(v.incident) }), ...(str(v.approval) === undefined ? {} : { approval: str(v.approval) }) }, io),
  },
  {
    name: 'secret rotate',
    usage: 'secret rotate [--json] [--endpoint URL]',
    summary: 'replace the link-signing secret: every older link dies, pending approvals get fresh links',
    options: client,
    run: (v, _p, io) => rotateSecret({ json: v.json === true, endpoint: at(v, io) }, io),
  },
  {
    name: 'outbox',
    usage: 'outbox [--to <contact-id>] [--full] [--json] [--endpoint URL]',
    summary: 'every email and SMS the runtime delivered',
    options: { ...client, to: { type: 'string' }, full: { type: 'boolean' } },
    run: (v, _p, io) => outbox({ json: v.json === true, endpoint: at(v, io), full: v.full === true, ...(str(v.to) === undefined ? {} : { to: str(v.to) }) }, io),
  },
  {
    name: 'deadletters',
    usage: 'deadletters [--json] [--endpoint URL]',
    summary: 'rejected input with the field and the reason',
    options: client,
    run: (v, _p, io) => deadletters({ json: v.json === true, endpoint: at(v, io) }, io),
  },
  {
    name: 'review',
    usage: 'review <id> [--out file.md] [--json] [--endpoint URL]',
    summary: 'the post-incident review in Markdown, drafted from the timeline',
    options: { ...client, out: { type: 'string' } },
    run: (v, p, io) => review({ json: v.json === true, endpoint: at(v, io), id: p[0], out: str(v.out) }, io),
  },
  {
    name: 'verify',
    usage: 'verify <id> [--json] [--endpoint URL]',
    summary: 'check the timeline\'s keyed hash chain (exit 0 intact, 1 altered: names the entry)',
    options: client,
    run: (v, p, io) => verify({ json: v.json === true, endpoint: at(v, io), id: p[0] }, io),
  },
  {
    name: 'comms draft',
    usage: 'comms draft <incident> --audience executives|employees|customers|partners --file msg.md [--author ID]',
    summary: 'draft a communication; it is sent only after the Crisis Lead approves it',
    options: { ...client, audience: { type: 'string' }, file: { type: 'string' }, author: { type: 'string' } },
    run: (v, p, io) => commsDraft({ json: v.json === true, endpoint: at(v, io), incidentId: p[0], audience: str(v.audience), file: str(v.file), author: str(v.author) }, io),
  },
  {
    name: 'comms',
    usage: 'comms [--incident ID] [--json] [--endpoint URL]',
    summary: 'communication drafts and their state',
    options: { ...client, incident: { type: 'string' } },
    run: (v, _p, io) => commsList({ json: v.json === true, endpoint: at(v, io), incidentId: str(v.incident) }, io),
  },
  {
    name: 'tasks ack',
    usage: 'tasks ack <task-id> --as <contact> [--json] [--endpoint URL]',
    summary: 'acknowledge a containment or recovery task ("I have it"): its assignee or the Crisis Lead',
    options: { ...client, as: { type: 'string' } },
    run: (v, p, io) => updateTask({ json: v.json === true, endpoint: at(v, io), action: 'ack', taskId: p[0], as: str(v.as) }, io),
  },
  {
    name: 'tasks done',
    usage: 'tasks done <task-id> --as <contact> [--json] [--endpoint URL]',
    summary: 'mark a containment or recovery task done: its assignee or the Crisis Lead',
    options: { ...client, as: { type: 'string' } },
    run: (v, p, io) => updateTask({ json: v.json === true, endpoint: at(v, io), action: 'done', taskId: p[0], as: str(v.as) }, io),
  },
  {
    name: 'tasks',
    usage: 'tasks [--incident ID] [--json] [--endpoint URL]',
    summary: 'containment and recovery tasks: human tasks with their assignee, automated actions with what they did',
    options: { ...client, incident: { type: 'string' } },
    run: (v, _p, io) => listTasks({ json: v.json === true, endpoint: at(v, io), incident: str(v.incident) }, io),
  },
];
