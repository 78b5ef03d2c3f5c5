import type { Logger } from '@aws-lambda-powertools/logger';
import { type Clock, systemClock } from '../../core/time/clock';
import { CommunicationStore } from '../adapters/communication-store';
import { IncidentStore } from '../adapters/incident-store';
import { TimelineStore } from '../adapters/timeline-store';
import { clients } from '../shared/clients';
import { cachedSecret } from '../shared/secret-value';
import { planFromEnv } from '../shared/plan-from-env';
import type { ApprovalDeps } from './approval-service';
import { DynamoDbApprovalStore } from './dynamodb-approval-store';
import { DynamoDbIncidentLedger } from './dynamodb-incident-ledger';
import { DynamoDbIncidentReader } from './dynamodb-incident-reader';
import { loadApprovalEnv } from './env';
import type { RequestApprovalDeps } from './request-approval';
import { SecretsManagerSigningSecrets } from './secrets-manager-signing-secrets';
import { SfnTaskCallbacks } from './sfn-task-callbacks';

/**
 * Everything the approval use cases need, from the validated environment and
 * the shared SDK clients (which `AWS_ENDPOINT_URL_*` point at the embedded
 * runtime). The workflow steps can wire `requestApproval` with the same call.
 */
export function wireApproval(logger: Logger, clock: Clock = systemClock): ApprovalDeps & RequestApprovalDeps {
  const env = loadApprovalEnv();
  const plan = planFromEnv();
  const { db, sfn, secrets } = clients();
  return {
    store: new DynamoDbApprovalStore(db, env.TABLE_NAME),
    incidents: new DynamoDbIncidentReader(db, env.TABLE_NAME),
    drafts: new CommunicationStore(db, env.TABLE_NAME),
    ledger: new DynamoDbIncidentLedger(new IncidentStore(db, env.TABLE_NAME), new TimelineStore(db, env.TABLE_NAME, cachedSecret(secrets, env.TIMELINE_SECRET_ARN))),
    callbacks: new SfnTaskCallbacks(sfn),
    secrets: new SecretsManagerSigningSecrets(secrets, env.SIGNING_SECRET_ARN, clock),
    plan,
    baseUrl: env.APPROVAL_BASE_URL ?? plan.approvals.baseUrl,
    clock,
    logger,
  };
}
