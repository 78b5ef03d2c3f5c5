import type { Plan } from '../../core/plan/plan.schema';
import type { LocalNames } from './local-names';

export interface RuntimeEndpoints {
  readonly dynamodb: string;
  readonly sfn: string;
  readonly sns: string;
  readonly secrets: string;
}

/**
 * The environment the handlers see in the embedded runtime: the same
 * variables the stack gives the Lambda functions, plus the standard
 * `AWS_ENDPOINT_URL_<SERVICE>` that send the unchanged SDK clients here.
 * Dummy credentials: the local endpoints do not check signatures.
 */
export function runtimeEnvironment(plan: Plan, names: LocalNames, endpoints: RuntimeEndpoints, publicUrl: string, drill = false): Record<string, string> {
  const localPlan: Plan = { ...plan, approvals: { ...plan.approvals, baseUrl: publicUrl } };
  return {
    AWS_REGION: names.region,
    AWS_DEFAULT_REGION: names.region,
    AWS_ACCESS_KEY_ID: 'sirp-local',
    AWS_SECRET_ACCESS_KEY: 'sirp-local',
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_SFN: endpoints.sfn,
    AWS_ENDPOINT_URL_SNS: endpoints.sns,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoints.secrets,
    SIRP_ORG: plan.org,
    SIRP_PLAN_JSON: JSON.stringify(localPlan),
    TABLE_NAME: names.tableName,
    TOPIC_ARN: names.topicArn,
    SIGNING_SECRET_ARN: names.signingSecretArn,
    TIMELINE_SECRET_ARN: names.timelineSecretArn,
    APPROVAL_BASE_URL: publicUrl,
    INCIDENT_STATE_MACHINE_ARN: names.machineArns.incident,
    SIRP_DRILL: drill ? 'true' : 'false',
    POWERTOOLS_SERVICE_NAME: 'sirp',
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
  };
}
