import { randomBytes, randomUUID } from 'node:crypto';
import { PutSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { PublicApproval } from '../../core/approval/approval.schema';
import { SirpError } from '../../core/errors/sirp-error';
import type { Clock } from '../../core/time/clock';
import type { Notifier } from '../adapters/sns-notifier';
import type { IncidentLedger } from './incident-ledger.port';
import { type ReissuedApproval, type RequestApprovalDeps, revokeApprovalLink, revokeIncidentLinks } from './request-approval';

/** What revoking and rotating run on: the approval use cases plus the incident's ledger and the notifier. */
export interface RevocationDeps extends RequestApprovalDeps {
  readonly ledger: IncidentLedger;
  readonly notifier: Notifier;
  readonly clock: Clock;
}

/** The operator named an incident or an approval that does not exist. */
export class RevocationTargetNotFoundError extends SirpError {
  override readonly name = 'RevocationTargetNotFoundError';

  constructor(what: string) {
    super('APPROVAL.NOT_FOUND', `no ${what}`, { terminal: true });
  }
}

/** Which links to revoke: every pending one of an incident, or one approval. */
export type RevocationTarget = { readonly incidentId: string } | { readonly approvalId: string };

/** One revoked link and its replacement, as the operator sees it (never a link or a token). */
export interface Revoked {
  readonly incidentId: string;
  readonly decider: string;
  readonly revokedApprovalId: string;
  readonly newApprovalId: string;
}

export interface RevocationResult {
  readonly revoked: readonly Revoked[];
  /** When one approval was named but could not be re-issued: its public state (decided, superseded, expired). */
  readonly notPending: PublicApproval | null;
}

/**
 * `sirp links revoke`: kills the named links (a forwarded mail, a lost phone)
 * and sends each person a fresh one for the same question. The old link's
 * page then says the decision moved to a newer link; the waiting task does
 * not notice (the new approval holds its token).
 */
export async function revokeLinks(deps: RevocationDeps, target: RevocationTarget, why: string): Promise<RevocationResult> {
  const now = deps.clock.now();
  if ('approvalId' in target) {
    const outcome = await revokeApprovalLink(deps, target.approvalId, now);
    if (outcome.kind === 'unknown') throw new RevocationTargetNotFoundError(`approval ${target.approvalId}`);
    if (outcome.kind === 'not-pending') return { revoked: [], notPending: outcome.approval };
    return { revoked: await announce(deps, outcome.reissued.approval.incidentId, [outcome.reissued], why, now), notPending: null };
  }
  if ((await deps.incidents.get(target.incidentId)) === null) throw new RevocationTargetNotFoundError(`incident ${target.incidentId}`);
  const reissued = await revokeIncidentLinks(deps, target.incidentId, now);
  return { revoked: await announce(deps, target.incidentId, reissued, why, now), notPending: null };
}

/**
 * `sirp secret rotate`: the signing secret is replaced and every link signed
 * with it dies. Two new versions are written, so the retired one is neither
 * AWSCURRENT nor AWSPREVIOUS (which still verifies, for routine rotations);
 * then every pending approval is re-issued under the new secret, so the
 * people deciding right now get working links at once.
 */
export async function rotateSigningSecret(
  deps: RevocationDeps & { readonly secretsClient: SecretsManagerClient; readonly signingSecretId: string },
): Promise<RevocationResult & { readonly secretVersion: string }> {
  let versionId = '';
  for (let step = 0; step < 2; step += 1) {
    const out = await deps.secretsClient.send(
      new PutSecretValueCommand({ SecretId: deps.signingSecretId, ClientRequestToken: randomUUID(), SecretString: randomBytes(64).toString('base64url') }),
    );
    versionId = out.VersionId ?? '';
  }
  deps.secrets.forget();
  deps.logger.warn('approval signing secret rotated', { secretVersion: versionId });
  const pending = (await deps.store.listAll()).filter((record) => record.status === 'pending');
  const revoked: Revoked[] = [];
  for (const incidentId of new Set(pending.map((record) => record.incidentId))) {
    revoked.push(...(await revokeLinks(deps, { incidentId }, 'signing secret rotated')).revoked);
  }
  return { revoked, notPending: null, secretVersion: versionId };
}

/** Sends each fresh link to its person only and records the revocation on the incident. */
async function announce(deps: RevocationDeps, incidentId: string, reissued: readonly ReissuedApproval[], why: string, now: number): Promise<Revoked[]> {
  for (const { approval, messages } of reissued) {
    const about = { recipient: approval.decider, incidentId: approval.incidentId, approvalId: approval.approvalId };
    if (messages.email !== null) await deps.notifier.send({ ...about, channel: 'email', subject: messages.email.subject, body: messages.email.body });
    if (messages.sms !== null) await deps.notifier.send({ ...about, channel: 'sms', body: messages.sms });
  }
  await deps.ledger.linksRevoked(incidentId, reissued.map((r) => ({ from: r.replaced, to: r.approval })), why, now);
  return reissued.map((r) => ({ incidentId, decider: r.approval.decider, revokedApprovalId: r.replaced.approvalId, newApprovalId: r.approval.approvalId }));
}
