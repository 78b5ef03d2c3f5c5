import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { z } from 'zod';
import { SEVERITIES } from '../../core/incident/severity';
import type { Plan } from '../../core/plan/plan.schema';
import { BodyTooLargeError, readBody } from '../runtime/http-body';
import { MAX_EVENT_BYTES } from '../runtime/events-route';
import { ConsoleApi, ConsoleApiError } from './console-api';
import { loadAssets, serveAsset } from './console-assets';
import { DeadLettersSchema, IncidentDetailSchema, IncidentListSchema, IntakeResultSchema, OutboxSchema } from './console-data.schema';
import { exchangeAccessToken, isExpectedHost, isSameOriginRequest, isValidFormToken, issueFormToken } from './console-guard';
import { deadLettersPage } from './deadletters-page';
import { incidentPage } from './incident-page';
import { incidentsPage, STATUS_FILTERS } from './incidents-page';
import { type ExampleEvent, intakePage, type IntakeOutcome } from './intake-page';
import { CONSOLE_HEADERS, type ConsolePage, messagePage, renderPage } from './layout';
import { outboxPage } from './outbox-page';

export interface ConsoleOptions {
  /** The runtime's own base URL: the console reads its `/api/` and posts to its `/events`. */
  readonly apiBase: string;
  readonly accessToken: string;
  readonly plan: Plan;
  /** The runtime's clock (compressed in drills): ages and deadlines are in incident time. */
  readonly now: () => number;
  /** Bound to loopback: no token needed, but only this machine's own names are answered. */
  readonly loopback: boolean;
  readonly port: number;
  /** Host headers accepted besides 127.0.0.1/localhost/[::1] with the port (the public URL's). */
  readonly extraHosts?: readonly string[];
  readonly examplesDir?: string;
}

/** The console's pages; everything else (`/api/`, `/a/`, `/events`) is the runtime's. */
const PAGE = /^\/(?:|outbox|intake|deadletters|incidents\/[^/]+|console\/(?:console\.css|console\.js|icon\.svg)|favicon\.ico)$/;

/** A pasted event is at most 256 KB, and form encoding can triple it. */
const MAX_FORM_BYTES = 3 * MAX_EVENT_BYTES + 4096;

const IncidentsQuerySchema = z.object({
  status: z.enum(STATUS_FILTERS, { error: `status must be one of ${STATUS_FILTERS.join(', ')}` }).default('open'),
  severity: z.union([z.literal('').transform(() => null), z.enum(SEVERITIES, { error: `severity must be one of ${SEVERITIES.join(', ')}` })]).default(null),
});

const IntakeFormSchema = z.object({
  csrf: z.string().max(100),
  example: z.string().max(100).optional(),
  event: z.string().max(MAX_EVENT_BYTES, 'event must be at most 256 KB').default(''),
});

function examplesIn(dir: string): { list: ExampleEvent[]; text: ReadonlyMap<string, string> } {
  const text = new Map<string, string>();
  const list: ExampleEvent[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const name = file.slice(0, -'.json'.length);
    const body = readFileSync(join(dir, file), 'utf8');
    const parsed = z.looseObject({ source: z.string().optional(), 'detail-type': z.string().optional() }).safeParse(JSON.parse(body));
    const label = parsed.success ? [parsed.data['detail-type'], parsed.data.source].filter((s) => s !== undefined).join(' from ') : name;
    text.set(name, body);
    list.push({ name, label: label === '' ? name : label });
  }
  return { list, text };
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue === undefined ? 'invalid input' : `${issue.path.join('.') || '$'}: ${issue.message}`;
}

/**
 * The console: server-rendered pages over the runtime's read API, one CSS and
 * one small script, served by the runtime's HTTP server (which has already
 * checked the access token when it is off loopback).
 */
export class ConsoleServer {
  private readonly api: ConsoleApi;
  private readonly assets = loadAssets();
  private readonly formKey = randomBytes(32);
  private readonly examples: ReturnType<typeof examplesIn>;

  constructor(private readonly options: ConsoleOptions) {
    this.api = new ConsoleApi(options.apiBase, options.accessToken);
    this.examples = examplesIn(options.examplesDir ?? join(__dirname, '..', '..', 'examples', 'events'));
  }

  /** True for the paths the console answers. */
  serves(path: string): boolean {
    return PAGE.test(path);
  }

  /** `?token=` on any console page becomes the cookie (before the runtime's access check). */
  exchangeToken(req: IncomingMessage, res: ServerResponse): boolean {
    return exchangeAccessToken(req, res, this.options.accessToken);
  }

  async handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (this.options.loopback && !isExpectedHost(req, this.options.port, this.options.extraHosts ?? [])) {
      this.send(res, messagePage(421, 'Unknown host name', 'This console answers only to this machine’s own names (127.0.0.1, localhost).', this.options.plan.org));
      return;
    }
    const asset = this.assets.get(path);
    if (asset !== undefined) {
      serveAsset(req, res, asset);
      return;
    }
    if (path === '/intake' && req.method === 'POST') {
      await this.postIntake(req, res);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      this.send(res, messagePage(405, 'Not allowed', `${req.method ?? ''} is not allowed on ${path}`, this.options.plan.org));
      return;
    }
    try {
      this.send(res, await this.page(path, new URL(req.url ?? '/', 'http://console.invalid').searchParams));
    } catch (error) {
      if (!(error instanceof ConsoleApiError) || error.status >= 500) throw error;
      this.send(res, messagePage(error.status, error.status === 404 ? 'Not found' : 'Cannot show this', error.message, this.options.plan.org));
    }
  }

  private async page(path: string, query: URLSearchParams): Promise<ConsolePage> {
    const { plan } = this.options;
    const org = plan.org;
    if (path === '/') {
      const filter = IncidentsQuerySchema.safeParse(Object.fromEntries(query));
      if (!filter.success) return messagePage(400, 'Bad filter', firstIssue(filter.error), org);
      const params = new URLSearchParams({ status: filter.data.status, ...(filter.data.severity === null ? {} : { severity: filter.data.severity }) });
      const incidents = await this.api.get(`/api/incidents?${params.toString()}`, IncidentListSchema);
      return incidentsPage(incidents, filter.data, plan, org, this.options.now());
    }
    if (path.startsWith('/incidents/')) {
      const id = decodeURIComponent(path.slice('/incidents/'.length));
      if (!/^inc-[a-z0-9]{8,40}$/.test(id)) return messagePage(400, 'Bad incident id', 'an incident id looks like "inc-01jd7x3k9m"', org);
      const [detail, tasks, communications, review] = await Promise.all([
        this.api.get(`/api/incidents/${id}`, IncidentDetailSchema),
        this.api.optional(`/api/tasks?incident=${id}`),
        this.api.optional(`/api/incidents/${id}/comms`),
        this.api.optional(`/api/incidents/${id}/review`),
      ]);
      return incidentPage(detail, { workstreams: detail.record.workstreams, tasks, communications, review }, plan, org, this.options.now());
    }
    if (path === '/outbox') {
      const to = query.get('to') ?? '';
      if (to !== '' && !plan.contacts.some((c) => c.id === to)) return messagePage(400, 'Bad filter', `to: "${to}" is not a contact of this plan`, org);
      const deliveries = await this.api.get(`/api/outbox${to === '' ? '' : `?to=${encodeURIComponent(to)}`}`, OutboxSchema);
      return outboxPage(deliveries, { to: to === '' ? null : to }, plan, org);
    }
    if (path === '/intake') return intakePage(this.examples.list, issueFormToken(this.formKey, Date.now()), org, null);
    if (path === '/deadletters') return deadLettersPage(await this.api.get('/api/deadletters', DeadLettersSchema), org);
    return messagePage(404, 'Not found', `nothing at ${path}`, org);
  }

  /** The intake form: same-origin, a valid form token, then exactly what `POST /events` does. */
  private async postIntake(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const org = this.options.plan.org;
    const token = issueFormToken(this.formKey, Date.now());
    const refuse = (status: number, message: string, pasted = ''): void => {
      this.send(res, { ...intakePage(this.examples.list, token, org, { kind: 'refused', message }, pasted), status });
    };
    if (!(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      refuse(415, 'the intake form posts application/x-www-form-urlencoded');
      return;
    }
    let raw: Buffer;
    try {
      raw = await readBody(req, MAX_FORM_BYTES);
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) throw error;
      refuse(413, 'event: the form is larger than an event may be (256 KB)');
      return;
    }
    const form = IntakeFormSchema.safeParse(Object.fromEntries(new URLSearchParams(raw.toString('utf8'))));
    if (!form.success) {
      refuse(400, firstIssue(form.error));
      return;
    }
    if (!isSameOriginRequest(req) || !isValidFormToken(this.formKey, form.data.csrf, Date.now())) {
      refuse(403, 'csrf: this form expired or was not sent from this console; it was not sent to the intake. Send it again from this page.', form.data.event);
      return;
    }
    const pasted = form.data.event.trim();
    const text = pasted !== '' ? pasted : this.examples.text.get(form.data.example ?? '');
    if (text === undefined) {
      refuse(400, `example: choose one of ${this.examples.list.map((e) => e.name).join(', ')}, or paste an event`, form.data.event);
      return;
    }
    const answer = await this.api.postEvent(text);
    const parsed = IntakeResultSchema.safeParse(answer.body);
    const outcome: IntakeOutcome = parsed.success
      ? { kind: 'answered', httpStatus: answer.status, answer: parsed.data }
      : { kind: 'refused', message: `the intake answered HTTP ${answer.status}: ${JSON.stringify(answer.body).slice(0, 500)}` };
    this.send(res, intakePage(this.examples.list, token, org, outcome, form.data.event));
  }

  private send(res: ServerResponse, page: ConsolePage): void {
    const body = renderPage(page);
    res.writeHead(page.status, { ...CONSOLE_HEADERS, 'content-length': Buffer.byteLength(body) });
    res.end(body);
  }
}
