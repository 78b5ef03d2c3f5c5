import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import type { Plan } from '../../core/plan/plan.schema';
import { loadPlanFile } from '../../core/plan/load-plan';
import { aslPath, definitionSubstitutions, MACHINES } from '../../core/workflow/workflow-names';
import { IncidentStore } from '../../lambdas/adapters/incident-store';
import { IntakeStore } from '../../lambdas/adapters/intake-store';
import { TimelineStore } from '../../lambdas/adapters/timeline-store';
import { handler as approvalHandler, useApprovalClock } from '../../lambdas/approval/approval.handler';
import { DynamoDbApprovalStore } from '../../lambdas/approval/dynamodb-approval-store';
import { handler as notifyHandler } from '../../lambdas/notify/notify.handler';
import { clients } from '../../lambdas/shared/clients';
import { cachedSecret } from '../../lambdas/shared/secret-value';
import { handler as stepsHandler, useStepsClock } from '../../lambdas/steps/steps.handler';
import { handler as triageHandler } from '../../lambdas/triage/triage.handler';
import type { IntakeAnswer } from '../../lambdas/triage/triage-service';
import { applySubstitutions, type EngineEvent, WorkflowEngine } from '../engine/engine';
import { fileValidationCache } from '../engine/asl-validation-cache';
import { RuntimeClock } from '../engine/runtime-clock';
import { createSfnRequestHandler } from '../engine/sfn-endpoint';
import { startDynamoDb, type DynamoDbServer, ensureTable } from '../services/dynamodb-server';
import { Outbox } from '../services/outbox';
import { createSecretsRequestHandler } from '../services/secrets-endpoint';
import { createSnsRequestHandler, subscriptionsFromPlan } from '../services/sns-endpoint';
import { ChangeFeed } from '../console/change-feed';
import { ConsoleServer } from '../console/console-server';
import { isAuthorized, isLoopback, refuseForeignRequest } from './access';
import { TaskStore } from '../../lambdas/steps/task-store';
import { handleApi } from './api-routes';
import { handleResponseApi, resumeCommunications, type ResponseRouteDeps } from './response-routes';
import { CommunicationStore } from '../../lambdas/adapters/communication-store';
import { ApprovalListing, approvalOperations } from './approval-listing';
import { type ProxyHandler, serveThroughApiGateway } from './apigw-adapter';
import { AnsweredEvents } from './answered-events';
import { handleEvents } from './events-route';
import { sendError, sendJson } from './json-response';
import { LambdaInvocations } from './lambda-context';
import { localNames } from './local-names';
import { crashPointsFrom } from './crash-points';
import { resumeOpenIncidents } from './resume';
import { runtimeEnvironment } from './runtime-env';
import { type ReminderScheduler, startReminderScheduler } from './scheduler';
import { handleTasks } from './tasks-route';

export interface RuntimeOptions {
  readonly planPath: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** 127.0.0.1 unless told otherwise: the runtime is one operator's sandbox. */
  readonly host: string;
  /** Where state lives across restarts; null keeps everything in memory. */
  readonly dataDir: string | null;
  /** The base URL in approval links, when people reach the runtime by another name. */
  readonly publicUrl?: string;
  /** Incident time per real time (drills compress it); 1 is real time. */
  readonly speed?: number;
  /** A tabletop drill: every incident this runtime opens is flagged `drill`. */
  readonly drill?: boolean;
  /** Root of the project (for `statemachines/`); defaults to the package root. */
  readonly root?: string;
}

export interface Runtime {
  readonly url: string;
  readonly consoleUrl: string;
  readonly plan: Plan;
  readonly accessToken: string;
  readonly clock: RuntimeClock;
  readonly engine: WorkflowEngine;
  readonly outbox: Outbox;
  readonly startupMs: number;
  /** Open incidents whose workflows were restarted at start. */
  readonly resumed: number;
  /** The sync-reminder rounds (`tick()` runs one now). */
  readonly reminders: ReminderScheduler;
  stop(): Promise<void>;
}

const PROJECT_ROOT = resolve(__dirname, '..', '..');

/** The AWS-compatible endpoints, each under its own path so the SDK's base path reaches it. */
const SERVICES = /^\/aws\/(sfn|sns|secrets)\/?$/;

type LambdaHandler = (event: unknown, context: Context) => Promise<unknown>;

/**
 * Starts the embedded runtime for one organization: dynalite for state, the
 * real ASL on the embedded engine, the same handlers as in AWS, and
 * AWS-compatible endpoints for Step Functions, SNS and Secrets Manager, all
 * behind one HTTP port.
 *
 * @example
 * const runtime = await startRuntime({ planPath: 'orgs/example.yaml', port: 0, host: '127.0.0.1', dataDir: null });
 * console.log(runtime.consoleUrl);
 * await runtime.stop();
 */
export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  const started = performance.now();
  const plan = loadPlanFile(options.planPath);
  const names = localNames(plan);
  const root = options.root ?? PROJECT_ROOT;
  if (options.dataDir !== null) mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const clock = new RuntimeClock({ speed: options.speed ?? 1 });
  // Approval expiry and acknowledgement windows run on the same (drill-compressible) time as the engine's timeouts.
  useApprovalClock(clock);
  useStepsClock(clock);
  const accessToken = randomBytes(24).toString('base64url');
  const dataDir = options.dataDir ?? undefined;

  let ready = false;
  let route: (req: IncomingMessage, res: ServerResponse) => Promise<void> = async (_req, res) => {
    await Promise.resolve();
    sendJson(res, 503, { status: 'starting' });
  };
  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      process.stderr.write(`sirp: ${req.method ?? '?'} ${(req.url ?? '').split('?')[0] ?? ''} failed: ${error instanceof Error ? error.name : 'error'}\n`);
      if (process.env.SIRP_DEBUG === '1') console.error(error);
      if (!res.headersSent) sendError(res, 500, 'internal error');
      else res.destroy();
    });
  });
  const [db, port] = await Promise.all([startDynamoDb({ dataDir }), listen(server, options.port, options.host)]);
  const displayHost = options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `http://${displayHost === '0.0.0.0' ? '127.0.0.1' : displayHost}:${port}`;
  const publicUrl = (options.publicUrl ?? url).replace(/\/+$/, '');
  const endpoints = { dynamodb: db.endpoint, sfn: `${url}/aws/sfn`, sns: `${url}/aws/sns`, secrets: `${url}/aws/secrets` };
  Object.assign(process.env, runtimeEnvironment(plan, names, endpoints, publicUrl, options.drill === true));
  // The embedded runtime never touches a real account: containment actions only say what they would do.
  process.env.ACTIONS_MODE = 'dry-run';

  try {
    await ensureTable(new DynamoDBClient({ endpoint: db.endpoint, region: names.region, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }), names.tableName);
    const outbox = await Outbox.open(dataDir === undefined ? {} : { dataDir });
    const crash = crashPointsFrom(process.env);
    outbox.on('delivery', () => { crash.reach('outbox:delivery'); });
    // Open console pages refresh when anything moves: a workflow step, a message sent, an event taken in.
    const changes = new ChangeFeed();
    outbox.on('delivery', () => {
      changes.notify();
    });
    const sns = createSnsRequestHandler({ topics: [names.topicArn], subscriptions: subscriptionsFromPlan(plan, names.topicArn), outbox, clock });
    const secrets = createSecretsRequestHandler({ dataDir, secretNames: [names.signingSecretName, names.timelineSecretName] });
    // Every in-process invocation goes through here, so stop() can wait for the ones still running.
    const invocations = new LambdaInvocations();
    // Stopping aborts the in-memory executions (and their children); in AWS they would run on, and a restart
    // resumes them here: not a broken workflow to page anyone about.
    let stopping = false;
    const invoke = (handler: LambdaHandler, name: string) => (event: unknown) => invocations.invoke(handler, name, event);
    const engine = new WorkflowEngine({
      // Each ASL text is validated once per install, not at every start (over a second of it).
      validationCache: fileValidationCache(join(PROJECT_ROOT, 'node_modules', '.cache', 'sirp-asl')),
      clock,
      region: names.region,
      accountId: names.account,
      machines: MACHINES.map((m) => ({
        name: names.machineName(m),
        definition: applySubstitutions(
          readFileSync(join(root, aslPath(m)), 'utf8'),
          definitionSubstitutions({ machineArns: names.machineArns, functionArns: names.functionArns, tableName: names.tableName, topicArn: names.topicArn }),
        ),
      })),
      lambdas: {
        [names.functionArns.steps]: invoke(stepsHandler, 'steps'),
        [names.functionArns.notify]: invoke(notifyHandler, 'notify'),
      },
      onEvent: (event: EngineEvent) => {
        changes.notify();
        const failure = failureEvent(event, names.region, names.account);
        // The notify handler reports its own failures; a crash here must not touch the workflow.
        if (failure !== null && !stopping) invoke(notifyHandler, 'notify')(failure).catch(() => undefined);
      },
    });
    const sfn = createSfnRequestHandler(engine);
    const { db: doc, secrets: secretsClient } = clients();
    const incidents = new IncidentStore(doc, names.tableName);
    const intake = new IntakeStore(doc, names.tableName);
    const timelineKey = cachedSecret(secretsClient, names.timelineSecretArn);
    const timeline = new TimelineStore(doc, names.tableName, timelineKey);
    const tasks = new TaskStore(doc, names.tableName);
    // Learn, Communications and timeline verification (response-routes.ts).
    const responseApi: ResponseRouteDeps = {
      incidents,
      timeline,
      timelineKey,
      communications: new CommunicationStore(doc, names.tableName),
      plan,
      now: () => clock.now(),
      startCommunication: async ({ incidentId, draftId }) => {
        await engine.startExecution({ stateMachineArn: names.machineArns.communication, name: `${draftId}-${clock.now().toString(36)}`, input: JSON.stringify({ incidentId, draftId }) });
      },
    };
    const approvalList = new ApprovalListing(new DynamoDbApprovalStore(doc, names.tableName), secretsClient, names.signingSecretArn, publicUrl);
    const approvalOps = approvalOperations({ clock, topicArn: names.topicArn, signingSecretArn: names.signingSecretArn });
    const loopback = isLoopback(options.host);
    const hostGuard = { loopback, port, extraHosts: [new URL(publicUrl).host] };
    const consolePages = new ConsoleServer({ apiBase: url, accessToken, plan, now: () => clock.now(), loopback, port, extraHosts: [new URL(publicUrl).host] });
    // The triage handler answers an intake event with an IntakeAnswer and an API Gateway event (a declaration) with a proxy result.
    const triage = async (event: unknown): Promise<IntakeAnswer> => (await invocations.invoke(triageHandler, 'triage', event)) as IntakeAnswer;
    const declare = (async (event) => invocations.invoke(triageHandler, 'triage', event)) as ProxyHandler;
    // As many bodies as the triage handler remembers event ids (triage-signal.ts): redeliveries skip the handler.
    const answered = new AnsweredEvents(100_000);

    route = async (req, res) => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      // DNS rebinding and cross-site posts, before any route (see access.ts).
      const refused = refuseForeignRequest(req, path, hostGuard);
      if (refused !== null) {
        sendError(res, refused.status, refused.message);
        return;
      }
      const service = SERVICES.exec(path)?.[1];
      if (service !== undefined) {
        if (service === 'sns') crash.reach('sns:request');
        if (service === 'sfn' && req.headers['x-amz-target'] === 'AWSStepFunctions.SendTaskSuccess') crash.reach('sfn:SendTaskSuccess');
        ({ sfn, sns, secrets } as const)[service as 'sfn' | 'sns' | 'secrets'](req, res);
        return;
      }
      if (path === '/health') {
        sendJson(res, ready ? 200 : 503, { status: ready ? 'ok' : 'starting', org: plan.org, endpoints: { ...endpoints, events: `${url}/events`, console: `${url}/` } });
        return;
      }
      if (path === '/events' && req.method === 'POST') {
        await handleEvents(req, res, { triage, intake, now: () => clock.now(), answered });
        changes.notify();
        return;
      }
      const approval = /^\/a\/([A-Za-z0-9_.-]{1,200})$/.exec(path);
      if (approval?.[1] !== undefined) {
        return serveThroughApiGateway(req, res, (e) => invocations.invoke((event: APIGatewayProxyEvent, context) => approvalHandler(event, context), 'approval', e), { resource: '/a/{link}', pathParameters: { link: approval[1] } });
      }
      if (consolePages.serves(path) && consolePages.exchangeToken(req, res)) return;
      if (!loopback && !isAuthorized(req, accessToken)) {
        sendError(res, 401, 'this runtime is not on loopback: send the access token it printed at start (Authorization: Bearer <token>)');
        return;
      }
      if (path === '/api/declare' && req.method === 'POST') {
        // The same handler as behind the IAM-authorized declaration API of the stack.
        await serveThroughApiGateway(req, res, declare, { resource: '/declare', pathParameters: {} });
        changes.notify();
        return;
      }
      if (path === '/api/changes' && req.method === 'GET') {
        changes.serve(req, res);
        return;
      }
      if (consolePages.serves(path)) return consolePages.handle(req, res, path);
      if (path.startsWith('/api/') && (await handleResponseApi(req, res, path, responseApi))) return;
      if (path === '/api/tasks' || path.startsWith('/api/tasks/')) {
        return handleTasks(req, res, path, { clock, incidents, tasks, timeline, contacts: new Set(plan.contacts.map((c) => c.id)) });
      }
      if (path.startsWith('/api/')) {
        return handleApi(req, res, path, { incidents, intake, timeline, timelineKey, outbox, plan, approvals: approvalList, approvalOperations: approvalOps });
      }
      sendError(res, 404, `nothing at ${path}`);
    };
    // Sync reminders: a fixed-rate round over the table, like the stack's rule (see scheduler.ts).
    const reminders = startReminderScheduler({
      clock,
      invokeSteps: invoke(stepsHandler, 'steps'),
      onError: (error) => {
        process.stderr.write(`sirp: sync reminders failed: ${error instanceof Error ? error.name : 'error'}\n`);
      },
    });
    const resumed = await resumeOpenIncidents({ incidents, engine, incidentMachineArn: names.machineArns.incident, now: () => clock.now() });
    await resumeCommunications(responseApi);
    ready = true;
    const startupMs = Math.round(performance.now() - started);
    return {
      url,
      consoleUrl: `${url}/`,
      plan,
      accessToken,
      clock,
      engine,
      outbox,
      startupMs,
      resumed,
      reminders,
      stop: async () => {
        reminders.stop();
        changes.close();
        stopping = true;
        await engine.close();
        // Closing the engine reports its aborted executions to the notify handler: let those, and any request's handler, finish first.
        await invocations.drain();
        await stopAll(server, db);
      },
    };
  } catch (error) {
    await stopAll(server, db);
    throw error;
  }
}

async function listen(server: Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  return (server.address() as AddressInfo).port;
}

async function stopAll(server: Server, db: DynamoDbServer): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolveClose) => {
    server.close(() => {
      resolveClose();
    });
  });
  await db.stop();
}

/** The EventBridge event AWS emits for a failed, timed-out or aborted execution, built from the engine's history. */
function failureEvent(event: EngineEvent, region: string, account: string): unknown {
  const status = { ExecutionFailed: 'FAILED', ExecutionTimedOut: 'TIMED_OUT', ExecutionAborted: 'ABORTED' }[event.type];
  if (status === undefined) return null;
  const details = (event.details ?? {}) as { input?: string; error?: string; cause?: string; stateMachineArn?: string; name?: string };
  return {
    version: '0',
    id: randomBytes(16).toString('hex'),
    'detail-type': 'Step Functions Execution Status Change',
    source: 'aws.states',
    account,
    time: new Date(event.timestamp).toISOString(),
    region,
    resources: [event.executionArn],
    detail: {
      executionArn: event.executionArn,
      stateMachineArn: details.stateMachineArn ?? '',
      name: details.name ?? event.executionArn.split(':').pop() ?? '',
      status,
      input: details.input ?? null,
      error: details.error ?? null,
      cause: details.cause ?? null,
    },
  };
}
