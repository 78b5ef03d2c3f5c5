import type { IncomingMessage, ServerResponse } from 'node:http';
import { Logger } from '@aws-lambda-powertools/logger';
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { z } from 'zod';
import { type ApprovalRecord, ApprovalIdSchema, toPublicView } from '../../core/approval/approval.schema';
import { issueLink } from '../../core/approval/link';
import { IncidentIdSchema } from '../../core/incident/incident.schema';
import type { Clock } from '../../core/time/clock';
import { formatZodIssues } from '../../core/validation/zod-issues';
import { SnsNotifier } from '../../lambdas/adapters/sns-notifier';
import { forgetSigningKeys } from '../../lambdas/approval/approval.handler';
import { forgetStepsSigningKey } from '../../lambdas/steps/steps.handler';
import type { ApprovalStore } from '../../lambdas/approval/approval-store.port';
import { wireApproval } from '../../lambdas/approval/approval-wiring';
import { type RevocationResult, RevocationTargetNotFoundError, revokeLinks, rotateSigningSecret } from '../../lambdas/approval/revoke-links';
import { clients } from '../../lambdas/shared/clients';
import type { ApprovalLister } from './api-routes';
import { BodyTooLargeError, readBody } from './http-body';
import { sendError, sendJson } from './json-response';

/** What `/api/approvals` and `sirp approvals --json` show of one approval. */
function listed(record: ApprovalRecord, link: string | null) {
  const { subject } = record;
  return {
    ...toPublicView(record),
    // A gate's name, else the kind with its id: one column that always says what is decided.
    gate: subject.kind === 'gate' ? subject.gate : subject.kind === 'action' ? `action:${subject.actionId}` : `communication:${subject.draftId}`,
    link,
  };
}

/**
 * Approvals for `/api/approvals`: the public view (never the task token) plus
 * the personal link while the secret that signed it is current. The runtime
 * is a single-operator sandbox: on loopback its operator plays every person,
 * so the links are shown by design (off loopback the API needs the access
 * token). A link is shown for decided approvals too: opening it only shows
 * who decided, and `sirp approve` reports that from the server's own page.
 */
export class ApprovalListing implements ApprovalLister {
  constructor(
    private readonly records: ApprovalStore,
    private readonly secrets: SecretsManagerClient,
    private readonly signingSecretArn: string,
    private readonly baseUrl: string,
  ) {}

  async list(options: { readonly all: boolean; readonly incidentId?: string }): Promise<unknown[]> {
    const stored = options.incidentId === undefined ? await this.records.listAll() : await this.records.listByIncident(options.incidentId);
    const records = stored.filter((r) => options.all || r.status === 'pending');
    const out = await this.secrets.send(new GetSecretValueCommand({ SecretId: this.signingSecretArn }));
    const key = { versionId: out.VersionId ?? 'unknown', secret: Buffer.from(out.SecretString ?? '', 'utf8') };
    return records.map((record) => listed(record, record.secretVersion === key.versionId ? issueLink(this.baseUrl, record, key) : null));
  }
}

const RevokeRequestSchema = z.union([
  z.object({ incidentId: IncidentIdSchema }).strict(),
  z.object({ approvalId: ApprovalIdSchema }).strict(),
]);

/** Operator actions on approvals: revoke links, rotate the signing secret. */
export interface ApprovalOperations {
  revoke(target: z.infer<typeof RevokeRequestSchema>): Promise<RevocationResult>;
  rotateSecret(): Promise<RevocationResult & { readonly secretVersion: string }>;
}

/**
 * The operations, wired like the approval handler (same table, same secrets,
 * the runtime's clock) plus the notifications topic for the fresh links.
 */
export function approvalOperations(config: { readonly clock: Clock; readonly topicArn: string; readonly signingSecretArn: string }): ApprovalOperations {
  const logger = new Logger({ serviceName: 'sirp-approval-admin' });
  let deps: Parameters<typeof rotateSigningSecret>[0] | undefined;
  const wired = (): Parameters<typeof rotateSigningSecret>[0] => {
    const { sns, secrets } = clients();
    if (deps === undefined) {
      const approval = wireApproval(logger, config.clock);
      // Rotation forgets the cached keys right after writing the new ones, before it re-issues the pending
      // links: the workflow steps' signing key too, so no link is signed with a retired key from then on.
      const forget = (): void => {
        approval.secrets.forget();
        forgetStepsSigningKey();
      };
      deps = { ...approval, secrets: { load: (options) => approval.secrets.load(options), forget }, notifier: new SnsNotifier(sns, config.topicArn), secretsClient: secrets, signingSecretId: config.signingSecretArn };
    }
    return deps;
  };
  return {
    revoke: (target) => revokeLinks(wired(), target, 'revoked by the operator'),
    rotateSecret: async () => {
      const result = await rotateSigningSecret(wired());
      // The approval pages' own cache: old links must die now, not when it would expire.
      forgetSigningKeys();
      return result;
    },
  };
}

/** Small JSON bodies only: an operator request names one incident or one approval. */
const MAX_OPERATION_BYTES = 4096;

/**
 * `POST /api/links/revoke` (`{ "incidentId" }` or `{ "approvalId" }`) and
 * `POST /api/secret/rotate` (`{}`). Behind the runtime's access rule like all
 * of `/api/`; JSON only, so a page elsewhere cannot post a plain form here
 * from the operator's browser (a JSON post from another origin needs a CORS
 * preflight, which the runtime never grants).
 */
export async function handleApprovalOperation(req: IncomingMessage, res: ServerResponse, path: string, ops: ApprovalOperations): Promise<void> {
  if (path !== '/api/links/revoke' && path !== '/api/secret/rotate') {
    sendError(res, 404, `no API at ${path}`);
    return;
  }
  const mediaType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/json') {
    sendError(res, 415, 'send application/json', 'content-type');
    return;
  }
  let body: unknown;
  try {
    const text = (await readBody(req, MAX_OPERATION_BYTES)).toString('utf8');
    body = text.trim() === '' ? {} : JSON.parse(text);
  } catch (error) {
    if (error instanceof BodyTooLargeError) sendError(res, 413, `at most ${MAX_OPERATION_BYTES} bytes`);
    else if (error instanceof SyntaxError) sendError(res, 400, 'the body is not JSON');
    else throw error;
    return;
  }
  try {
    if (path === '/api/secret/rotate') {
      const parsed = z.object({}).strict().safeParse(body);
      if (!parsed.success) {
        sendError(res, 400, 'rotate takes no parameters', formatZodIssues(parsed.error)[0]?.path ?? null);
        return;
      }
      sendJson(res, 200, await ops.rotateSecret());
      return;
    }
    const parsed = RevokeRequestSchema.safeParse(body);
    if (!parsed.success) {
      sendError(res, 400, 'name one incident ({"incidentId": "inc-..."}) or one approval ({"approvalId": "<22 characters>"})', 'incidentId|approvalId');
      return;
    }
    sendJson(res, 200, await ops.revoke(parsed.data));
  } catch (error) {
    // Unknown incident or approval: a 404 naming it; anything else is the runtime's 500.
    if (error instanceof RevocationTargetNotFoundError) {
      sendError(res, 404, error.message);
      return;
    }
    throw error;
  }
}
