import type { Logger } from '@aws-lambda-powertools/logger';
import { type Clock, systemClock } from '../../core/time/clock';
import { clients } from '../shared/clients';
import { planFromEnv } from '../shared/plan-from-env';
import type { ApprovalDeps } from './approval-service';
import { DynamoDbApprovalStore } from './dynamodb-approval-store';
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
    callbacks: new SfnTaskCallbacks(sfn),
    secrets: new SecretsManagerSigningSecrets(secrets, env.SIGNING_SECRET_ARN, clock),
    plan,
    baseUrl: env.APPROVAL_BASE_URL ?? plan.approvals.baseUrl,
    clock,
    logger,
  };
}
