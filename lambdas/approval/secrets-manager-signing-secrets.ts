import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SigningKey, SigningKeys } from '../../core/approval/signing-key';
import { SirpError } from '../../core/errors/sirp-error';
import type { Clock } from '../../core/time/clock';
import type { SigningSecrets } from './signing-secrets.port';

/**
 * Rotation policy. Links and pages are verified against AWSCURRENT and
 * AWSPREVIOUS, and signed with AWSCURRENT:
 * - a routine rotation must not kill the links of gates that are open right
 *   now (a Crisis Lead mid-incident would find a dead link), and an open gate
 *   lives at most as long as its timeout, which is far shorter than a
 *   rotation period; so one rotation keeps the previous version valid;
 * - `sirp secret rotate` (a leaked secret, a stolen mailbox) first supersedes
 *   and re-issues every pending approval, then rotates twice: the leaked
 *   version is neither current nor previous, and every old link answers
 *   "not recognised". Containers drop their cached keys within `CACHE_MS`;
 *   until then an old link can still open, but only to say it was replaced.
 * AWSPENDING is never accepted: a rotation that has not finished signs nothing.
 */
const CACHE_MS = 5 * 60_000;
/** Bounds the memory of retired versions; a stack sees a handful in its life. */
const MAX_RETIRED = 256;
/** HMAC-SHA256 keys shorter than its 32-byte output weaken it. */
const MIN_SECRET_BYTES = 32;

/** The signing secret cannot be read or is unusable; retrying may help, so it is not terminal. */
export class SigningSecretError extends SirpError {
  override readonly name = 'SigningSecretError';

  constructor(message: string) {
    super('APPROVAL.SIGNING_SECRET', message, { terminal: false });
  }
}

/**
 * The link-signing keys from Secrets Manager (`SIGNING_SECRET_ARN`), cached
 * per container. The key is the UTF-8 bytes of the secret string, the same
 * way every sirp function reads it.
 */
export class SecretsManagerSigningSecrets implements SigningSecrets {
  private cached: { readonly keys: Promise<SigningKeys>; readonly at: number } | undefined;
  /**
   * Versions a fresh read did not list: approvals signed with them are dead.
   * Remembered so such a link costs no Secrets Manager call; a version is only
   * ever named by our own records, so this cannot be filled from outside.
   */
  private readonly retired = new Set<string>();

  constructor(
    private readonly client: SecretsManagerClient,
    private readonly secretId: string,
    private readonly clock: Clock,
  ) {}

  async load(options: { readonly including?: string } = {}): Promise<SigningKeys> {
    const now = this.clock.now();
    if (this.cached === undefined || now - this.cached.at > CACHE_MS) this.refresh(now);
    const keys = await this.current();
    const wanted = options.including;
    if (wanted === undefined || this.retired.has(wanted) || keys.verifying.some((key) => key.versionId === wanted)) return keys;
    // Issued after our read (a rotation elsewhere), or retired: one read tells which.
    this.refresh(now);
    const fresh = await this.current();
    if (!fresh.verifying.some((key) => key.versionId === wanted)) {
      if (this.retired.size >= MAX_RETIRED) this.retired.clear();
      this.retired.add(wanted);
    }
    return fresh;
  }

  /** Drops the cached keys: the next call reads Secrets Manager (after `sirp secret rotate` in the same process). */
  forget(): void {
    this.cached = undefined;
  }

  private refresh(now: number): void {
    const keys = this.read();
    this.cached = { keys, at: now };
    // A failed read is not cached: the next request tries again.
    keys.catch(() => {
      if (this.cached?.keys === keys) this.cached = undefined;
    });
  }

  private current(): Promise<SigningKeys> {
    if (this.cached === undefined) throw new SigningSecretError('the signing keys were not loaded');
    return this.cached.keys;
  }

  private async read(): Promise<SigningKeys> {
    const [currentRead, previousRead] = await Promise.allSettled([this.version('AWSCURRENT'), this.version('AWSPREVIOUS')]);
    // The current version's failure is the one to report, whichever answered first.
    if (currentRead.status === 'rejected') throw currentRead.reason;
    if (previousRead.status === 'rejected') throw previousRead.reason;
    const current = currentRead.value;
    const previous = previousRead.value;
    if (current === undefined) throw new SigningSecretError('the signing secret has no AWSCURRENT version');
    return { current, verifying: previous === undefined || previous.versionId === current.versionId ? [current] : [current, previous] };
  }

  /** One staged version, or undefined when no version carries the stage (a secret never rotated has no AWSPREVIOUS). */
  private async version(stage: 'AWSCURRENT' | 'AWSPREVIOUS'): Promise<SigningKey | undefined> {
    let out;
    try {
      out = await this.client.send(new GetSecretValueCommand({ SecretId: this.secretId, VersionStage: stage }));
    } catch (error) {
      const name = error instanceof Error ? error.name : 'UnknownError';
      if (name === 'ResourceNotFoundException') return undefined;
      throw new SigningSecretError(`cannot read the ${stage} signing secret: ${name}`);
    }
    const secret = out.SecretString === undefined ? out.SecretBinary : Buffer.from(out.SecretString, 'utf8');
    if (secret === undefined || out.VersionId === undefined) throw new SigningSecretError(`the ${stage} signing secret has no value`);
    if (secret.length < MIN_SECRET_BYTES) throw new SigningSecretError(`the ${stage} signing secret is shorter than ${MIN_SECRET_BYTES} bytes`);
    return { versionId: out.VersionId, secret };
  }
}
