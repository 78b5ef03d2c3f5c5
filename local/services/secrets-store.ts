import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { systemClock, type Clock } from '../../core/time/clock';

/**
 * The embedded runtime's secrets (the link-signing key, for one): one JSON
 * file per secret under `<dataDir>/secrets/`, mode 0600, created on first
 * start with 64 random bytes, or in memory without a data dir. Versions carry
 * Secrets Manager's staging labels, so `sirp secret rotate` (PutSecretValue)
 * leaves the old value readable as AWSPREVIOUS while links signed with it
 * expire.
 */

export const AWSCURRENT = 'AWSCURRENT';
export const AWSPREVIOUS = 'AWSPREVIOUS';

const VersionSchema = z.object({
  versionId: z.string(),
  /** Epoch ms. */
  createdDate: z.number(),
  stages: z.array(z.string()),
  secretString: z.string().optional(),
  /** Base64, as the JSON protocol carries blobs. */
  secretBinary: z.string().optional(),
});
export type SecretVersion = z.infer<typeof VersionSchema>;

const SecretSchema = z.object({
  name: z.string(),
  arn: z.string(),
  createdDate: z.number(),
  lastChangedDate: z.number(),
  versions: z.array(VersionSchema),
});
export type StoredSecret = z.infer<typeof SecretSchema>;

/** The failures Secrets Manager reports, by its error names (the SDK maps `__type` to `.name`). */
export class SecretsError extends Error {
  constructor(
    readonly type: 'ResourceNotFoundException' | 'ResourceExistsException' | 'InvalidParameterException' | 'InvalidRequestException',
    message: string,
  ) {
    super(message);
    this.name = 'SecretsError';
  }
}

export interface SecretsStoreOptions {
  /** Runtime data directory; secrets live in `<dataDir>/secrets/`. In memory when absent. */
  readonly dataDir?: string;
  /** Created with a random value if absent. */
  readonly secretNames: readonly string[];
  readonly region?: string;
  readonly accountId?: string;
  readonly clock?: Clock;
}

export interface PutSecretValueInput {
  readonly clientRequestToken?: string;
  readonly secretString?: string;
  readonly secretBinary?: string;
  readonly versionStages?: readonly string[];
}

const NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
// Random key material for a fresh secret: 64 bytes, more than any HMAC-SHA256 key needs.
const FRESH_SECRET_BYTES = 64;

/** `secrets/<name>.json`; a `/` in a name (allowed by Secrets Manager) is percent-encoded, not a subdirectory. */
const fileName = (name: string): string => `${encodeURIComponent(name)}.json`;

export class SecretsStore {
  private readonly secrets = new Map<string, StoredSecret>();
  private writes: Promise<void> = Promise.resolve();

  private constructor(private readonly dir: string | undefined, private readonly clock: Clock) {}

  /**
   * Loads every named secret, creating the missing ones. Synchronous on
   * purpose: it runs once at startup, and the endpoint must not answer before
   * the files exist.
   */
  static open(options: SecretsStoreOptions): SecretsStore {
    const dir = options.dataDir === undefined ? undefined : join(options.dataDir, 'secrets');
    const clock = options.clock ?? systemClock;
    const store = new SecretsStore(dir, clock);
    if (dir !== undefined) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      chmodSync(dir, 0o700);
    }
    for (const name of options.secretNames) {
      if (!NAME.test(name)) throw new SecretsError('InvalidParameterException', `invalid secret name "${name}"`);
      const path = dir === undefined ? undefined : join(dir, fileName(name));
      if (path !== undefined && existsSync(path)) {
        store.secrets.set(name, loadSecretFile(path));
        continue;
      }
      const now = clock.now();
      const secret: StoredSecret = {
        name,
        arn: secretArn(name, options.region ?? 'us-east-1', options.accountId ?? '000000000000'),
        createdDate: now,
        lastChangedDate: now,
        versions: [{ versionId: randomUUID(), createdDate: now, stages: [AWSCURRENT], secretString: randomBytes(FRESH_SECRET_BYTES).toString('base64url') }],
      };
      if (path === undefined) {
        store.secrets.set(name, secret);
        continue;
      }
      try {
        // 'wx': two runtimes starting on one data dir must not both invent a key.
        writeFileSync(path, JSON.stringify(secret, null, 2), { mode: 0o600, flag: 'wx' });
        store.secrets.set(name, secret);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        store.secrets.set(name, loadSecretFile(path));
      }
    }
    return store;
  }

  /** Finds a secret by name or ARN. */
  find(secretId: string): StoredSecret {
    const secret = this.secrets.get(secretId) ?? [...this.secrets.values()].find((s) => s.arn === secretId);
    if (secret === undefined) throw new SecretsError('ResourceNotFoundException', 'Secrets Manager can\'t find the specified secret.');
    return secret;
  }

  /** The version GetSecretValue returns: by id, by stage, or AWSCURRENT. */
  version(secretId: string, selector: { readonly versionId?: string; readonly versionStage?: string } = {}): { secret: StoredSecret; version: SecretVersion } {
    const secret = this.find(secretId);
    const stage = selector.versionStage ?? (selector.versionId === undefined ? AWSCURRENT : undefined);
    const version = secret.versions.find((v) =>
      (selector.versionId === undefined || v.versionId === selector.versionId) && (stage === undefined || v.stages.includes(stage)));
    if (version === undefined) {
      throw new SecretsError('ResourceNotFoundException', stage === undefined
        ? `Secrets Manager can't find the specified secret value for VersionId: ${String(selector.versionId)}`
        : `Secrets Manager can't find the specified secret value for staging label: ${stage}`);
    }
    return { secret, version };
  }

  /**
   * Adds a version. Without `versionStages` it becomes AWSCURRENT and the
   * version that was current becomes AWSPREVIOUS; each label lives on one
   * version only. Repeating a `clientRequestToken` with the same value does
   * nothing (the SDK retries with the same token); with another value it fails.
   * Resolves once the file is replaced (write, fsync, rename).
   */
  put(secretId: string, input: PutSecretValueInput): Promise<{ secret: StoredSecret; version: SecretVersion }> {
    const result = this.writes.then(async () => {
      const current = this.find(secretId);
      if ((input.secretString === undefined) === (input.secretBinary === undefined)) {
        throw new SecretsError('InvalidParameterException', 'You must provide either SecretString or SecretBinary.');
      }
      const existing = current.versions.find((v) => v.versionId === input.clientRequestToken);
      if (existing !== undefined) {
        if (existing.secretString !== input.secretString || existing.secretBinary !== input.secretBinary) {
          throw new SecretsError('ResourceExistsException', 'You can\'t modify an existing version, you can only create a new version.');
        }
        return { secret: current, version: existing };
      }
      const next = withNewVersion(current, input, this.clock.now());
      await this.persist(next);
      this.secrets.set(next.name, next);
      const version = next.versions.at(-1);
      if (version === undefined) throw new Error('unreachable: a version was just added');
      return { secret: next, version };
    });
    this.writes = result.then(() => undefined, () => undefined);
    return result;
  }

  private async persist(secret: StoredSecret): Promise<void> {
    if (this.dir === undefined) return;
    const path = join(this.dir, fileName(secret.name));
    const temporary = `${path}.${randomUUID()}.tmp`;
    const file = await open(temporary, 'wx', 0o600);
    try {
      await file.writeFile(JSON.stringify(secret, null, 2), 'utf8');
      await file.sync();
    } finally {
      await file.close();
    }
    // Rename is atomic: a crash leaves the old key or the new one, never half a file.
    await rename(temporary, path);
  }
}

function loadSecretFile(path: string): StoredSecret {
  // Someone may have copied the file with a looser mode: tighten it.
  chmodSync(path, 0o600);
  return SecretSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
}

function withNewVersion(secret: StoredSecret, input: PutSecretValueInput, now: number): StoredSecret {
  const stages = [...new Set(input.versionStages ?? [AWSCURRENT])];
  const takesCurrent = stages.includes(AWSCURRENT);
  const hadCurrent = secret.versions.find((v) => v.stages.includes(AWSCURRENT));
  const versions = secret.versions.map((v) => {
    let kept = v.stages.filter((stage) => !stages.includes(stage));
    if (takesCurrent) {
      kept = kept.filter((stage) => stage !== AWSPREVIOUS);
      if (v === hadCurrent) kept.push(AWSPREVIOUS);
    }
    return { ...v, stages: kept };
  });
  const version: SecretVersion = {
    versionId: input.clientRequestToken ?? randomUUID(),
    createdDate: now,
    stages,
    ...(input.secretString === undefined ? {} : { secretString: input.secretString }),
    ...(input.secretBinary === undefined ? {} : { secretBinary: input.secretBinary }),
  };
  // Unlabelled versions are dropped rather than kept as AWS's deprecated
  // versions: nothing in sirp reads them, and the file holds key material.
  return { ...secret, lastChangedDate: now, versions: [...versions.filter((v) => v.stages.length > 0), version] };
}

/** Secrets Manager ARNs end in `-` and six random characters; here they derive from the name, so they are stable. */
function secretArn(name: string, region: string, accountId: string): string {
  const suffix = createHash('sha256').update(name).digest('base64url').replace(/[-_]/g, 'x').slice(0, 6);
  return `arn:aws:secretsmanager:${region}:${accountId}:secret:${name}-${suffix}`;
}
