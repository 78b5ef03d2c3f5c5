import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { BodyTooLargeError, readBody } from './http-body';
import { SecretsError, SecretsStore, type SecretsStoreOptions, type SecretVersion, type StoredSecret } from './secrets-store';

/**
 * A Secrets Manager endpoint for the embedded runtime: AWS JSON 1.1
 * (`X-Amz-Target: secretsmanager.<Operation>`, body and answer JSON, errors as
 * `{"__type": "<ExceptionName>", "message": ...}` with status 400), which is
 * what `@aws-sdk/client-secrets-manager` 3.1164 sends. GetSecretValue,
 * PutSecretValue and DescribeSecret; the secrets are the runtime's own, named
 * at startup (there is no CreateSecret or DeleteSecret).
 */

// A secret value is at most 64 KB in Secrets Manager; base64 and JSON framing fit in 256 KB.
const MAX_REQUEST_BYTES = 262_144;

const GetSecretValueSchema = z.object({
  SecretId: z.string().min(1).max(2048),
  VersionId: z.string().min(32).max(64).optional(),
  VersionStage: z.string().min(1).max(256).optional(),
});
const PutSecretValueSchema = z.object({
  SecretId: z.string().min(1).max(2048),
  ClientRequestToken: z.string().min(32).max(64).optional(),
  SecretString: z.string().max(65_536).optional(),
  SecretBinary: z.base64().max(87_384).optional(),
  VersionStages: z.array(z.string().min(1).max(256)).min(1).max(20).optional(),
});
const DescribeSecretSchema = z.object({ SecretId: z.string().min(1).max(2048) });

/** JSON 1.1 carries timestamps as epoch seconds. */
const seconds = (ms: number): number => ms / 1000;

const versionAnswer = (secret: StoredSecret, version: SecretVersion) => ({
  ARN: secret.arn,
  Name: secret.name,
  VersionId: version.versionId,
  VersionStages: version.stages,
});

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new SecretsError('InvalidParameterException', `${issue?.path.join('.') ?? 'input'}: ${issue?.message ?? 'invalid'}`);
  }
  return result.data;
}

const operations: Readonly<Record<string, (store: SecretsStore, input: unknown) => Promise<unknown>>> = {
  GetSecretValue: (store, input) => {
    const request = parse(GetSecretValueSchema, input);
    const { secret, version } = store.version(request.SecretId, { versionId: request.VersionId, versionStage: request.VersionStage });
    return Promise.resolve({
      ...versionAnswer(secret, version),
      ...(version.secretString === undefined ? {} : { SecretString: version.secretString }),
      ...(version.secretBinary === undefined ? {} : { SecretBinary: version.secretBinary }),
      CreatedDate: seconds(version.createdDate),
    });
  },
  PutSecretValue: async (store, input) => {
    const request = parse(PutSecretValueSchema, input);
    const { secret, version } = await store.put(request.SecretId, {
      clientRequestToken: request.ClientRequestToken,
      secretString: request.SecretString,
      secretBinary: request.SecretBinary,
      versionStages: request.VersionStages,
    });
    return versionAnswer(secret, version);
  },
  DescribeSecret: (store, input) => {
    const secret = store.find(parse(DescribeSecretSchema, input).SecretId);
    return Promise.resolve({
      ARN: secret.arn,
      Name: secret.name,
      Description: 'sirp embedded runtime secret',
      RotationEnabled: false,
      CreatedDate: seconds(secret.createdDate),
      LastChangedDate: seconds(secret.lastChangedDate),
      VersionIdsToStages: Object.fromEntries(secret.versions.map((v) => [v.versionId, v.stages])),
    });
  },
};

function send(res: ServerResponse, status: number, requestId: string, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.1',
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': requestId,
  });
  res.end(text);
}

/**
 * The request handler; it ignores the path, so it can be mounted under a
 * prefix (`/aws/secrets`: point `AWS_ENDPOINT_URL_SECRETS_MANAGER` there).
 * Pass a store to share it (the CLI's `sirp secret rotate` can use the SDK or
 * the store), or the options to open one.
 *
 * @example
 * const secrets = createSecretsRequestHandler({ dataDir: '.sirp', secretNames: ['sirp-acme/link-key'] });
 */
export function createSecretsRequestHandler(options: SecretsStoreOptions | { readonly store: SecretsStore }): (req: IncomingMessage, res: ServerResponse) => void {
  const store = 'store' in options ? options.store : SecretsStore.open(options);
  return function secretsRequestHandler(req, res) {
    const requestId = randomUUID();
    handle(store, req).then(
      (answer) => { send(res, 200, requestId, answer); },
      (error: unknown) => {
        if (error instanceof SecretsError) send(res, 400, requestId, { __type: error.type, message: error.message });
        else if (error instanceof BodyTooLargeError) send(res, 413, requestId, { __type: 'InvalidRequestException', message: 'Request too large' });
        // 5xx shows a generic text: a secret value must never leak through an error.
        else send(res, 500, requestId, { __type: 'InternalServiceError', message: 'Internal error' });
      },
    );
  };
}

async function handle(store: SecretsStore, req: IncomingMessage): Promise<unknown> {
  const target = req.headers['x-amz-target'];
  const operationName = typeof target === 'string' && target.startsWith('secretsmanager.') ? target.slice('secretsmanager.'.length) : undefined;
  // Own properties only: `secretsmanager.constructor` is not an operation.
  const operation = operationName !== undefined && Object.hasOwn(operations, operationName) ? operations[operationName] : undefined;
  if (req.method !== 'POST' || operation === undefined) {
    throw new SecretsError('InvalidRequestException', `sirp local supports ${Object.keys(operations).join(', ')} (got ${String(target)})`);
  }
  const body = await readBody(req, MAX_REQUEST_BYTES);
  let input: unknown;
  try {
    input = body === '' ? {} : JSON.parse(body);
  } catch {
    throw new SecretsError('InvalidRequestException', 'the request body is not JSON');
  }
  return operation(store, input);
}
