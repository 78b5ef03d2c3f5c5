import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import dynalite from 'dynalite';
import type { SigningKeys } from '../../../../core/approval/signing-key';
import type { TaskCallback } from '../../../../core/approval/task-callback';
import type { Incident } from '../../../../core/incident/incident.schema';
import { keys as tableKeys } from '../../../../core/table/table-shape';
import { ManualClock } from '../../../../core/time/clock';
import { createApprovalHandler } from '../../../../lambdas/approval/approval.handler';
import type { ApprovalDeps } from '../../../../lambdas/approval/approval-service';
import { DynamoDbApprovalStore } from '../../../../lambdas/approval/dynamodb-approval-store';
import { DynamoDbIncidentLedger } from '../../../../lambdas/approval/dynamodb-incident-ledger';
import { DynamoDbIncidentReader } from '../../../../lambdas/approval/dynamodb-incident-reader';
import { CommunicationStore } from '../../../../lambdas/adapters/communication-store';
import { IncidentStore } from '../../../../lambdas/adapters/incident-store';
import { TimelineStore } from '../../../../lambdas/adapters/timeline-store';
import type { RequestApprovalDeps } from '../../../../lambdas/approval/request-approval';
import type { SigningSecrets } from '../../../../lambdas/approval/signing-secrets.port';
import type { Notification, Notifier } from '../../../../lambdas/adapters/sns-notifier';
import type { CallbackDelivery, TaskCallbacks } from '../../../../lambdas/approval/task-callbacks.port';
import { ensureTable } from '../../../../local/services/ensure-table';
import { keys as signingKeys, plan, T0 } from '../../core/approval/approval-fixtures';

export const TABLE = 'sirp-approval-test';
/** The timeline's HMAC key in these tests. */
export const TIMELINE_KEY = 'timeline-key-for-approval-tests-0123456789';

/** A real DynamoDB-protocol server in this process, with the org table. */
export interface TableServer {
  readonly db: DynamoDBDocumentClient;
  stop(): Promise<void>;
}

export async function startTable(): Promise<TableServer> {
  const server: Server = dynalite({ createTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const client = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  await ensureTable(client, TABLE);
  return {
    db: DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }),
    stop: async () => {
      client.destroy();
      await new Promise<void>((resolve, reject) => {
        server.close((error) => {
          if (error instanceof Error) reject(error);
          else resolve();
        });
      });
    },
  };
}

/** The Notifier port, in memory: what would have been published, in order. */
export class RecordingNotifier implements Notifier {
  readonly sent: Notification[] = [];

  send(notification: Notification): Promise<void> {
    this.sent.push(notification);
    return Promise.resolve();
  }
}

/** The TaskCallbacks port, in memory: records each call and answers as told. */
export class RecordingTaskCallbacks implements TaskCallbacks {
  readonly calls: { readonly taskToken: string; readonly callback: TaskCallback }[] = [];
  answer: CallbackDelivery | Error = 'delivered';

  send(taskToken: string, callback: TaskCallback): Promise<CallbackDelivery> {
    this.calls.push({ taskToken, callback });
    return this.answer instanceof Error ? Promise.reject(this.answer) : Promise.resolve(this.answer);
  }
}

/** The SigningSecrets port with fixed keys. */
export class FixedSigningSecrets implements SigningSecrets {
  constructor(public keys: SigningKeys = signingKeys) {}

  load(): Promise<SigningKeys> {
    return Promise.resolve(this.keys);
  }

  forget(): void {
    this.forgotten += 1;
  }

  forgotten = 0;
}

/** Everything Powertools' logger prints (info to stdout, warnings and errors to stderr), for asserting what never appears in it. */
export class LogCapture {
  private readonly lines: string[] = [];
  private spies: jest.SpiedFunction<typeof process.stdout.write>[] = [];

  start(): void {
    this.lines.length = 0;
    this.spies = [process.stdout, process.stderr].map((stream) =>
      jest.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
        this.lines.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
        return true;
      }),
    );
  }

  stop(): void {
    for (const spy of this.spies) spy.mockRestore();
    this.spies = [];
  }

  get text(): string {
    return this.lines.join('');
  }

  /** The parsed log entries (Powertools writes one JSON object per line). */
  entries(): Record<string, unknown>[] {
    return this.text
      .split('\n')
      .filter((line) => line.trim().startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }
}

export interface Harness {
  readonly deps: ApprovalDeps & RequestApprovalDeps;
  readonly clock: ManualClock;
  readonly callbacks: RecordingTaskCallbacks;
  readonly secrets: FixedSigningSecrets;
  readonly store: DynamoDbApprovalStore;
  invoke(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult>;
  putIncident(incident: Incident): Promise<void>;
}

export function harness(table: TableServer, tableName: string = TABLE): Harness {
  const clock = new ManualClock(T0);
  const callbacks = new RecordingTaskCallbacks();
  const secrets = new FixedSigningSecrets();
  const store = new DynamoDbApprovalStore(table.db, tableName);
  const logger = new Logger({ serviceName: 'sirp-approval-test' });
  const deps = {
    store,
    incidents: new DynamoDbIncidentReader(table.db, tableName),
    drafts: new CommunicationStore(table.db, tableName),
    ledger: new DynamoDbIncidentLedger(new IncidentStore(table.db, tableName), new TimelineStore(table.db, tableName, () => Promise.resolve(TIMELINE_KEY))),
    callbacks,
    secrets,
    plan,
    baseUrl: plan.approvals.baseUrl,
    clock,
    logger,
  };
  const handler = createApprovalHandler(() => deps, logger);
  return {
    deps,
    clock,
    callbacks,
    secrets,
    store,
    invoke: (event) => handler(event, lambdaContext()),
    putIncident: async (incident) => {
      await table.db.send(new PutCommand({ TableName: TABLE, Item: { ...tableKeys.incident(incident.id), ...incident } }));
    },
  };
}

const FIXTURE: unknown = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'rest-proxy-get.json'), 'utf8'));

/** The REST proxy fixture for `/a/<segment>`, deep-cloned, with the method, headers and body given. */
export function proxyEvent(
  segment: string,
  options: { readonly method?: string; readonly body?: string | null; readonly base64?: boolean; readonly headers?: Record<string, string> } = {},
): APIGatewayProxyEvent {
  const event = structuredClone(FIXTURE) as APIGatewayProxyEvent;
  const method = options.method ?? 'GET';
  const body = options.body ?? null;
  event.httpMethod = method;
  event.requestContext.httpMethod = method;
  event.path = `/a/${segment}`;
  event.requestContext.path = `/prod/a/${segment}`;
  event.pathParameters = { link: segment };
  // Header names are case-insensitive: a given header replaces the fixture's, whatever its case.
  const given = Object.keys(options.headers ?? {}).map((name) => name.toLowerCase());
  event.headers = {
    ...Object.fromEntries(Object.entries(event.headers).filter(([name]) => !given.includes(name.toLowerCase()))),
    ...options.headers,
  };
  event.isBase64Encoded = options.base64 === true && body !== null;
  event.body = body === null ? null : options.base64 === true ? Buffer.from(body, 'utf8').toString('base64') : body;
  return event;
}

/** A browser posting the page's form back to the same URL. */
export function formPost(segment: string, fields: Record<string, string>, options: { readonly base64?: boolean; readonly headers?: Record<string, string> } = {}): APIGatewayProxyEvent {
  return proxyEvent(segment, {
    method: 'POST',
    body: new URLSearchParams(fields).toString(),
    base64: options.base64,
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin', ...lowerCased(options.headers) },
  });
}

/** The hidden anti-forgery value of a rendered confirm page. */
export function formToken(html: string): string {
  const match = /name="csrf" value="([^"]+)"/.exec(html);
  if (match?.[1] === undefined) throw new Error('the page has no anti-forgery value');
  return match[1];
}

/** A Lambda context; the deprecated callback-style methods are left out (nothing calls them). */
function lambdaContext(): Context {
  const context: Omit<Context, 'done' | 'fail' | 'succeed'> = {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'sirp-approval',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:sirp-approval',
    memoryLimitInMB: '256',
    awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
    logGroupName: '/aws/lambda/sirp-approval',
    logStreamName: '2026/03/02/[$LATEST]abcdef',
    getRemainingTimeInMillis: () => 10_000,
  };
  return context as Context;
}

const lowerCased = (headers: Record<string, string> = {}): Record<string, string> =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
