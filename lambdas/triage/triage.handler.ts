import middy from '@middy/core';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { z } from 'zod';
import { systemClock } from '../../core/time/clock';
import { IncidentStore } from '../adapters/incident-store';
import { IntakeStore } from '../adapters/intake-store';
import { SfnWorkflowStarter } from '../adapters/sfn-workflow-starter';
import { TimelineStore } from '../adapters/timeline-store';
import { clients } from '../shared/clients';
import { BaseEnvSchema, loadEnv } from '../shared/env';
import { planFromEnv } from '../shared/plan-from-env';
import { cachedSecret } from '../shared/secret-value';
import { declareFromApi, type DeclareContext, isApiGatewayEvent } from './declare';
import { type IntakeAnswer, type TriageDeps, triageEvent } from './triage-service';

const EnvSchema = BaseEnvSchema.extend({
  INCIDENT_STATE_MACHINE_ARN: z.string().min(1),
  TIMELINE_SECRET_ARN: z.string().min(1),
  /** "true" in a tabletop drill: every incident is flagged, and kept out of real metrics. */
  SIRP_DRILL: z.enum(['true', 'false']).default('false'),
});

let wired: (TriageDeps & { readonly stack: DeclareContext }) | undefined;

/** `arn:<partition>:states:<region>:<account>:stateMachine:<name>`: where this stack runs. */
const STATE_MACHINE_ARN = /^arn:[a-z-]+:states:([a-z0-9-]+):(\d{12}):stateMachine:/;

/** Wired on first use, once per container. */
function deps(): TriageDeps & { readonly stack: DeclareContext } {
  if (wired !== undefined) return wired;
  const env = loadEnv(EnvSchema);
  const [, region = process.env.AWS_REGION ?? 'unknown', account = 'unknown'] = STATE_MACHINE_ARN.exec(env.INCIDENT_STATE_MACHINE_ARN) ?? [];
  const { db, sfn, secrets } = clients();
  wired = {
    plan: planFromEnv(),
    clock: systemClock,
    intake: new IntakeStore(db, env.TABLE_NAME),
    incidents: new IncidentStore(db, env.TABLE_NAME),
    timeline: new TimelineStore(db, env.TABLE_NAME, cachedSecret(secrets, env.TIMELINE_SECRET_ARN)),
    workflows: new SfnWorkflowStarter(sfn, env.INCIDENT_STATE_MACHINE_ARN),
    drill: env.SIRP_DRILL === 'true',
    stack: { account, region },
  };
  return wired;
}

/**
 * The intake: an EventBridge event (CloudWatch, GuardDuty, Security Hub,
 * Health, CloudTrail) or the SNS `Records[]` envelope of a legacy alarm
 * action; or a person's declaration through the IAM-authorized declaration
 * API (an API Gateway proxy event). Bad input is dead-lettered with its
 * reason, never thrown: a retry could not fix it, and it must not hold up
 * good events.
 */
export const handler = middy(async (event: unknown): Promise<IntakeAnswer | APIGatewayProxyResult> => {
  const wiring = deps();
  return isApiGatewayEvent(event) ? declareFromApi(event, wiring, wiring.stack) : triageEvent(event, wiring);
});
