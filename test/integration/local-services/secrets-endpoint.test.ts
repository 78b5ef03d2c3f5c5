import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeSecretCommand, GetSecretValueCommand, PutSecretValueCommand, ResourceExistsException, ResourceNotFoundException, type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { createSecretsRequestHandler } from '../../../local/services/secrets-endpoint';
import { secretsClient } from './aws-clients';
import { mount } from './mount';

const NAME = 'sirp-testorg/link-signing-key';

async function startSecrets(dataDir: string | undefined) {
  const server = await mount({ '/aws/secrets': createSecretsRequestHandler({ dataDir, secretNames: [NAME], region: 'eu-west-1', accountId: '123456789012' }) });
  const client = secretsClient(`${server.url}/aws/secrets`);
  return { client, close: async () => { client.destroy(); await server.close(); } };
}

const current = async (client: SecretsManagerClient, stage?: string) =>
  client.send(new GetSecretValueCommand({ SecretId: NAME, ...(stage === undefined ? {} : { VersionStage: stage }) }));

describe('the Secrets Manager endpoint with a data directory', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'sirp-secrets-'));
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('creates the secret on first start: 64 random bytes, base64url, in a 0600 file', async () => {
    const { client, close } = await startSecrets(dataDir);
    try {
      const path = join(dataDir, 'secrets', `${encodeURIComponent(NAME)}.json`);
      expect((await stat(path)).mode & 0o777).toBe(0o600);
      expect((await stat(join(dataDir, 'secrets'))).mode & 0o777).toBe(0o700);
      const { SecretString, VersionStages, Name, ARN, CreatedDate } = await current(client);
      expect(SecretString).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(Buffer.from(SecretString ?? '', 'base64url')).toHaveLength(64);
      expect(VersionStages).toEqual(['AWSCURRENT']);
      expect(Name).toBe(NAME);
      expect(ARN).toMatch(/^arn:aws:secretsmanager:eu-west-1:123456789012:secret:sirp-testorg\/link-signing-key-[A-Za-z0-9]{6}$/);
      expect(CreatedDate).toBeInstanceOf(Date);
      expect(await readFile(path, 'utf8')).toContain(SecretString);
    } finally {
      await close();
    }
  });

  it('keeps the same value across restarts', async () => {
    const first = await startSecrets(dataDir);
    const before = await current(first.client);
    await first.close();
    const second = await startSecrets(dataDir);
    try {
      const after = await current(second.client);
      expect(after.SecretString).toBe(before.SecretString);
      expect(after.VersionId).toBe(before.VersionId);
      expect(after.ARN).toBe(before.ARN);
    } finally {
      await second.close();
    }
  });

  it('rotates: PutSecretValue makes the new value AWSCURRENT and the old one AWSPREVIOUS, on disk', async () => {
    const first = await startSecrets(dataDir);
    const original = await current(first.client);
    const put = await first.client.send(new PutSecretValueCommand({ SecretId: NAME, SecretString: 'rotated-1' }));
    expect(put.VersionStages).toEqual(['AWSCURRENT']);
    await first.close();

    const { client, close } = await startSecrets(dataDir);
    try {
      expect((await current(client)).SecretString).toBe('rotated-1');
      const previous = await current(client, 'AWSPREVIOUS');
      expect(previous.SecretString).toBe(original.SecretString);
      expect(previous.VersionId).toBe(original.VersionId);

      await client.send(new PutSecretValueCommand({ SecretId: NAME, SecretString: 'rotated-2' }));
      expect((await current(client)).SecretString).toBe('rotated-2');
      expect((await current(client, 'AWSPREVIOUS')).SecretString).toBe('rotated-1');
      const { VersionIdsToStages } = await client.send(new DescribeSecretCommand({ SecretId: NAME }));
      // The first value has no label left and is dropped.
      expect(Object.values(VersionIdsToStages ?? {}).sort()).toEqual([['AWSCURRENT'], ['AWSPREVIOUS']]);
      expect(VersionIdsToStages?.[original.VersionId ?? '']).toBeUndefined();
      expect((await stat(join(dataDir, 'secrets', `${encodeURIComponent(NAME)}.json`))).mode & 0o777).toBe(0o600);
    } finally {
      await close();
    }
  });
});

describe('the Secrets Manager endpoint in memory', () => {
  let client: SecretsManagerClient;
  let close: () => Promise<void>;

  beforeEach(async () => {
    ({ client, close } = await startSecrets(undefined));
  });

  afterEach(async () => {
    await close();
  });

  it('answers an unknown secret with ResourceNotFoundException', async () => {
    const error: unknown = await client.send(new GetSecretValueCommand({ SecretId: 'nope' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect((error as ResourceNotFoundException).name).toBe('ResourceNotFoundException');
    expect((error as ResourceNotFoundException).$metadata.httpStatusCode).toBe(400);
    const noStage: unknown = await current(client, 'AWSPREVIOUS').catch((e: unknown) => e);
    expect(noStage).toBeInstanceOf(ResourceNotFoundException);
  });

  it('finds a secret by its ARN as well as its name', async () => {
    const { ARN, SecretString } = await current(client);
    const byArn = await client.send(new GetSecretValueCommand({ SecretId: ARN }));
    expect(byArn.SecretString).toBe(SecretString);
  });

  it('treats a repeated ClientRequestToken as the same put, and a changed value under it as an error', async () => {
    const token = 'a'.repeat(32);
    const first = await client.send(new PutSecretValueCommand({ SecretId: NAME, SecretString: 'v2', ClientRequestToken: token }));
    const again = await client.send(new PutSecretValueCommand({ SecretId: NAME, SecretString: 'v2', ClientRequestToken: token }));
    expect(again.VersionId).toBe(first.VersionId);
    expect((await current(client, 'AWSPREVIOUS')).SecretString).not.toBe('v2');
    const error: unknown = await client.send(new PutSecretValueCommand({ SecretId: NAME, SecretString: 'v3', ClientRequestToken: token })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResourceExistsException);
    expect((await current(client)).SecretString).toBe('v2');
  });

  it('moves only the labels named in VersionStages', async () => {
    const before = await current(client);
    const pending = await client.send(new PutSecretValueCommand({ SecretId: NAME, SecretString: 'next', VersionStages: ['AWSPENDING'] }));
    expect((await current(client)).SecretString).toBe(before.SecretString);
    expect((await current(client, 'AWSPENDING')).VersionId).toBe(pending.VersionId);
    const byId = await client.send(new GetSecretValueCommand({ SecretId: NAME, VersionId: pending.VersionId }));
    expect(byId.SecretString).toBe('next');
  });

  it('refuses a put without a value with InvalidParameterException', async () => {
    const error: unknown = await client.send(new PutSecretValueCommand({ SecretId: NAME })).catch((e: unknown) => e);
    expect((error as Error).name).toBe('InvalidParameterException');
  });
});
