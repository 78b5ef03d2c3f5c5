import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { SfnApiError } from './engine-errors';
import type { WorkflowEngine } from './engine';
import {
  DescribeExecutionRequestSchema,
  DescribeStateMachineRequestSchema,
  GetExecutionHistoryRequestSchema,
  ListExecutionsRequestSchema,
  ListStateMachinesRequestSchema,
  SendTaskFailureRequestSchema,
  SendTaskHeartbeatRequestSchema,
  SendTaskSuccessRequestSchema,
  StartExecutionRequestSchema,
  StopExecutionRequestSchema,
} from './sfn-request.schema';

/** Bigger than any legal request (payloads are capped at 256 KiB) with room for JSON escaping. */
const DEFAULT_MAX_BODY_BYTES = 1_048_576;
const CONTENT_TYPE = 'application/x-amz-json-1.0';
const TARGET_PREFIX = 'AWSStepFunctions.';
/** The namespace AWS puts in `__type`; the SDK keeps what follows `#` as the error name. */
const ERROR_NAMESPACE = 'com.amazonaws.swf.service.v2.model#';

export interface SfnEndpointOptions {
  /** Larger bodies get 413. Default 1 MiB. */
  readonly maxBodyBytes?: number;
}

type Operation = (body: unknown) => Promise<unknown>;

/**
 * An HTTP handler that speaks the Step Functions API (AWS JSON 1.0: `POST`,
 * `X-Amz-Target: AWSStepFunctions.<Operation>`) in front of the embedded
 * engine, so handlers and the CLI use the stock `@aws-sdk/client-sfn` with
 * `AWS_ENDPOINT_URL_SFN`. Errors come back as AWS sends them (400,
 * `{ "__type": "...#TaskDoesNotExist", "message" }`), so the SDK's error
 * `name` is AWS's. Request bodies are checked with zod
 * (`ValidationException` naming the field); dates are epoch seconds.
 *
 * The path is not looked at: mount it wherever (the runtime serves it at
 * `/aws/sfn`; the SDK keeps the endpoint's base path).
 *
 * @example
 * const sfn = createSfnRequestHandler(engine);
 * http.createServer((req, res) => (req.url?.startsWith('/aws/sfn') ? sfn(req, res) : other(req, res)));
 */
export function createSfnRequestHandler(engine: WorkflowEngine, options: SfnEndpointOptions = {}): (req: IncomingMessage, res: ServerResponse) => void {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const operations: Readonly<Record<string, Operation>> = {
    StartExecution: operation(StartExecutionRequestSchema, (r) => engine.startExecution(r)),
    DescribeExecution: operation(DescribeExecutionRequestSchema, (r) => engine.describeExecution(r)),
    ListExecutions: operation(ListExecutionsRequestSchema, (r) => engine.listExecutions(r)),
    GetExecutionHistory: operation(GetExecutionHistoryRequestSchema, (r) => engine.getExecutionHistory(r)),
    StopExecution: operation(StopExecutionRequestSchema, (r) => engine.stopExecution(r)),
    SendTaskSuccess: operation(SendTaskSuccessRequestSchema, (r) => engine.sendTaskSuccess(r)),
    SendTaskFailure: operation(SendTaskFailureRequestSchema, (r) => engine.sendTaskFailure(r)),
    SendTaskHeartbeat: operation(SendTaskHeartbeatRequestSchema, (r) => engine.sendTaskHeartbeat(r)),
    ListStateMachines: operation(ListStateMachinesRequestSchema, (r) => engine.listStateMachines(r)),
    DescribeStateMachine: operation(DescribeStateMachineRequestSchema, (r) => engine.describeStateMachine(r)),
  };

  return function handleSfnRequest(req, res) {
    serve(req, res, operations, maxBodyBytes).catch(() => {
      // Only a broken socket gets here; there is nobody left to answer.
      res.destroy();
    });
  };
}

async function serve(req: IncomingMessage, res: ServerResponse, operations: Readonly<Record<string, Operation>>, maxBodyBytes: number): Promise<void> {
  if (req.method !== 'POST') {
    req.resume();
    res.setHeader('Allow', 'POST');
    sendError(res, 405, 'UnknownOperationException', 'the Step Functions API takes POST requests');
    return;
  }
  const target = req.headers['x-amz-target'];
  const name = typeof target === 'string' && target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : undefined;
  const run = name === undefined ? undefined : operations[name];
  if (run === undefined) {
    req.resume();
    sendError(res, 400, 'UnknownOperationException', `unsupported operation: ${String(target).slice(0, 100)}`);
    return;
  }
  const body = await readBody(req, maxBodyBytes);
  if (body === undefined) {
    res.setHeader('Connection', 'close');
    sendError(res, 413, 'RequestEntityTooLargeException', `request body larger than ${maxBodyBytes} bytes`);
    return;
  }
  let parsed: unknown;
  try {
    parsed = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
  } catch {
    sendError(res, 400, 'SerializationException', 'request body is not valid JSON');
    return;
  }
  try {
    send(res, 200, toWire(await run(parsed)));
  } catch (error) {
    if (error instanceof SfnApiError) sendError(res, 400, error.name, error.message);
    else sendError(res, 500, 'InternalFailure', 'internal error');
  }
}

function operation<T>(schema: z.ZodType<T>, run: (request: T) => Promise<unknown>): Operation {
  return (body) => {
    const result = schema.safeParse(body, { reportInput: true });
    if (!result.success) {
      const issues = result.error.issues.map((issue) => {
        const field = issue.path.map(String).join('.') || 'body';
        const constraint = issue.code === 'invalid_type' && issue.input === undefined ? 'Member must not be null' : issue.message;
        return `Value at '${field}' failed to satisfy constraint: ${constraint}`;
      });
      const count = `${issues.length} validation error${issues.length === 1 ? '' : 's'} detected`;
      return Promise.reject(new SfnApiError('ValidationException', `${count}: ${issues.join('; ')}`));
    }
    return run(result.data);
  };
}

/** The body, or undefined when it is larger than `limit` (the rest is drained, not buffered). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > limit) {
      req.resume();
      resolve(undefined);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        resolve(undefined);
      } else {
        chunks.push(chunk);
      }
    });
    req.on('end', () => {
      if (size <= limit) resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}

/** AWS JSON 1.0 carries timestamps as epoch seconds. */
function toWire(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(toWire);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toWire(item)]));
  }
  return value;
}

function sendError(res: ServerResponse, status: number, type: string, message: string): void {
  send(res, status, { __type: `${ERROR_NAMESPACE}${type}`, message });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': CONTENT_TYPE,
    'Content-Length': Buffer.byteLength(text),
    'x-amzn-RequestId': randomUUID(),
  });
  res.end(text);
}
