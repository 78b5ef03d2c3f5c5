import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ManualClock } from '../../../../core/time/clock';
import { SecretsManagerSigningSecrets, SigningSecretError } from '../../../../lambdas/approval/secrets-manager-signing-secrets';
import { AwsJsonStub, awsError, type StubAnswer, type StubCall, testClientConfig } from './aws-json-stub';

const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:sirp-signing-AbCdEf';
const VALUE_1 = 'first-signing-secret-0123456789abcdef';
const VALUE_2 = 'second-signing-secret-0123456789abcdef';

/** Staged versions of the secret, as Secrets Manager keeps them. */
let versions: Record<string, { readonly id: string; readonly value: string } | undefined>;
let failure: StubAnswer | undefined;

const stub = new AwsJsonStub((call: StubCall): StubAnswer => {
  if (failure !== undefined) return failure;
  const stage = String(call.input.VersionStage);
  const version = versions[stage];
  if (version === undefined) return awsError('ResourceNotFoundException', `Secrets Manager can't find the specified secret value for staging label: ${stage}`);
  return { status: 200, body: { ARN, Name: 'sirp-signing', VersionId: version.id, SecretString: version.value, VersionStages: [stage] } };
});

describe('SecretsManagerSigningSecrets', () => {
  let client: SecretsManagerClient;
  let clock: ManualClock;
  let secrets: SecretsManagerSigningSecrets;

  beforeAll(async () => {
    client = new SecretsManagerClient(testClientConfig(await stub.start()));
  });

  afterAll(async () => {
    client.destroy();
    await stub.stop();
  });

  beforeEach(() => {
    versions = { AWSCURRENT: { id: 'v1', value: VALUE_1 } };
    failure = undefined;
    stub.calls.length = 0;
    clock = new ManualClock(0);
    secrets = new SecretsManagerSigningSecrets(client, ARN, clock);
  });

  it('signs with AWSCURRENT, the UTF-8 bytes of the secret string', async () => {
    const keys = await secrets.load();
    expect(keys.current).toEqual({ versionId: 'v1', secret: Buffer.from(VALUE_1, 'utf8') });
    expect(keys.verifying.map((k) => k.versionId)).toEqual(['v1']);
    expect(stub.calls.map((c) => c.input)).toEqual([
      { SecretId: ARN, VersionStage: 'AWSCURRENT' },
      { SecretId: ARN, VersionStage: 'AWSPREVIOUS' },
    ]);
  });

  it('verifies with AWSPREVIOUS too after a rotation', async () => {
    versions = { AWSCURRENT: { id: 'v2', value: VALUE_2 }, AWSPREVIOUS: { id: 'v1', value: VALUE_1 } };
    expect((await secrets.load()).verifying.map((k) => k.versionId)).toEqual(['v2', 'v1']);
  });

  it('caches the keys per container, and reads them again when they are stale', async () => {
    await secrets.load();
    await secrets.load();
    expect(stub.calls).toHaveLength(2);
    clock.advance(5 * 60_000 + 1);
    await secrets.load();
    expect(stub.calls).toHaveLength(4);
  });

  it('reads again when an approval names a version it does not know (issued after a rotation)', async () => {
    await secrets.load();
    versions = { AWSCURRENT: { id: 'v2', value: VALUE_2 }, AWSPREVIOUS: { id: 'v1', value: VALUE_1 } };
    expect((await secrets.load({ including: 'v1' })).current.versionId).toBe('v1');
    expect((await secrets.load({ including: 'v2' })).current.versionId).toBe('v2');
    expect(stub.calls).toHaveLength(4);
  });

  it('remembers a version that a fresh read does not list as retired: its links cost no further reads', async () => {
    await secrets.load();
    await secrets.load({ including: 'v-retired' });
    expect(stub.calls).toHaveLength(4);
    await secrets.load({ including: 'v-retired' });
    await secrets.load({ including: 'v-retired' });
    expect(stub.calls).toHaveLength(4);
  });

  it('forgets its cache on demand (after a rotation in the same process)', async () => {
    await secrets.load();
    versions = { AWSCURRENT: { id: 'v3', value: VALUE_2 }, AWSPREVIOUS: { id: 'v2', value: VALUE_1 } };
    secrets.forget();
    expect((await secrets.load()).verifying.map((k) => k.versionId)).toEqual(['v3', 'v2']);
  });

  it('fails without an AWSCURRENT, with a short secret, or when Secrets Manager fails, and retries next time', async () => {
    versions = {};
    await expect(secrets.load()).rejects.toThrow('the signing secret has no AWSCURRENT version');
    versions = { AWSCURRENT: { id: 'v1', value: 'too-short' } };
    await expect(secrets.load()).rejects.toThrow('shorter than 32 bytes');
    failure = awsError('AccessDeniedException', `not allowed to read ${ARN}`);
    const error = await secrets.load().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SigningSecretError);
    expect((error as Error).message).toBe('cannot read the AWSCURRENT signing secret: AccessDeniedException');
    failure = undefined;
    versions = { AWSCURRENT: { id: 'v1', value: VALUE_1 } };
    expect((await secrets.load()).current.versionId).toBe('v1');
  });
});
