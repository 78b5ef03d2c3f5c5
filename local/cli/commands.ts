import type { ParseArgsConfig } from 'node:util';
import type { CliIo } from './cli-io';
import { deadletters } from './deadletters.command';
import { listIncidents, showIncident } from './incidents.command';
import { local } from './local.command';
import { outbox } from './outbox.command';
import { planValidate } from './plan-validate.command';
import { endpointOf } from './runtime-client';
import { trigger } from './trigger.command';

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
    usage: 'local [--plan FILE] [--port N] [--host H] [--data DIR | --memory] [--public-url URL] [--speed X]',
    summary: 'run the embedded runtime for one plan (prints "ready <console URL>")',
    options: { plan: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' }, data: { type: 'string' }, memory: { type: 'boolean' }, 'public-url': { type: 'string' }, speed: { type: 'string' } },
    run: (v, _p, io) =>
      local({ plan: str(v.plan) ?? 'orgs/example.yaml', port: str(v.port), host: str(v.host), data: str(v.data), memory: v.memory === true, publicUrl: str(v['public-url']), speed: str(v.speed) }, io),
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
];
