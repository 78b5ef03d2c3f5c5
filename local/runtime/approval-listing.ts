import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { toPublicView } from '../../core/approval/approval.schema';
import { issueLink } from '../../core/approval/link';
import type { ApprovalStore } from '../../lambdas/approval/approval-store.port';
import type { ApprovalLister } from './api-routes';

/**
 * Approvals for `/api/approvals`: the public view (never the task token) plus,
 * for pending ones, the personal link. The runtime is a single-operator
 * sandbox: on loopback its operator plays every person, so the links are
 * shown by design (off loopback the API needs the access token).
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
    return records.map((record) => {
      const view = toPublicView(record);
      return {
        ...view,
        gate: record.subject.kind === 'gate' ? record.subject.gate : record.subject.kind,
        link: record.status === 'pending' && record.secretVersion === key.versionId ? issueLink(this.baseUrl, record, key) : null,
      };
    });
  }
}
