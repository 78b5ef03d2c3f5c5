import middy from '@middy/core';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { z } from 'zod';
import type { SigningKey } from '../../core/approval/signing-key';
import { SirpError } from '../../core/errors/sirp-error';
import { type Clock, systemClock } from '../../core/time/clock';
import { formatZodIssues } from '../../core/validation/zod-issues';
import { IncidentStore } from '../adapters/incident-store';
import { SnsNotifier } from '../adapters/sns-notifier';
import { TimelineStore } from '../adapters/timeline-store';
import { CommunicationStore } from '../adapters/communication-store';
import { clients } from '../shared/clients';
import { BaseEnvSchema, loadEnv } from '../shared/env';
import { planFromEnv } from '../shared/plan-from-env';
import { cachedSecret } from '../shared/secret-value';
import { type ExpiringValue, expiringValue } from '../shared/expiring-value';
import { IntakeStore } from '../adapters/intake-store';
import type { ActionsPort } from '../actions/actions.port';
import { awsActionsOnDemand } from '../actions/aws-actions-on-demand';
import { DryRunActions } from '../actions/dry-run-actions';
import { RecordsApprovalDesk } from './approval-desk';
import { TaskStore } from './task-store';
import { RelatedIncidents } from './related-incidents';
import { DynamoDbApprovalStore } from '../approval/dynamodb-approval-store';
import { StepInputSchema } from './step-input.schema';
import { runStep, type StepsDeps } from './steps-service';

const EnvSchema = BaseEnvSchema.extend({
  TOPIC_ARN: z.string().min(1),
  SIGNING_SECRET_ARN: z.string().min(1),
  TIMELINE_SECRET_ARN: z.string().min(1),
  APPROVAL_BASE_URL: z.url(),
  /** `dry-run` in the embedded runtime and drills: actions say what they would do and change nothing. */
  ACTIONS_MODE: z.enum(['aws', 'dry-run']),
  /** Read by the EC2, IAM and S3 SDK clients themselves; validated here so that a bad value is named at start. */
  AWS_ENDPOINT_URL_EC2: z.url().optional(),
  AWS_ENDPOINT_URL_IAM: z.url().optional(),
  AWS_ENDPOINT_URL_S3: z.url().optional(),
});

function actionsFor(env: z.infer<typeof EnvSchema>): ActionsPort {
  if (env.ACTIONS_MODE === 'dry-run') return new DryRunActions();
  return awsActionsOnDemand({ quarantineGroupName: `sirp-${env.SIRP_ORG}-quarantine` });
}

let wired: StepsDeps | undefined;

/**
 * How long a container signs new links with the key it read, instead of a
 * Secrets Manager round trip before every page. A routine rotation is safe
 * within it (the previous version still verifies links); `sirp secret rotate`
 * retires both and calls `forgetStepsSigningKey` before it re-issues the
 * pending links. An emergency rotation done by other means must wait this
 * long, or redeploy, before re-issuing (see README, "Why you can trust an
 * approval link").
 */
export const SIGNING_KEY_TTL_MS = 5 * 60_000;
let signingKey: ExpiringValue<SigningKey> | undefined;

/** Drops this container's signing key: the embedded runtime calls it as `sirp secret rotate` retires the old one. */
export function forgetStepsSigningKey(): void {
  signingKey?.forget();
}
let clock: Clock = systemClock;

/**
 * The embedded runtime's incident time (a drill compresses it): gate
 * deadlines, link expiry and sync slots are computed on the same time line
 * as the engine's timeouts and the approval pages. Lambda never calls this.
 */
export function useStepsClock(runtimeClock: Clock): void {
  clock = runtimeClock;
  wired = undefined;
}

function deps(): StepsDeps {
  if (wired !== undefined) return wired;
  const env = loadEnv(EnvSchema);
  const { db, sns, sfn, secrets } = clients();
  const plan = planFromEnv();
  const notifier = new SnsNotifier(sns, env.TOPIC_ARN);
  signingKey = expiringValue(SIGNING_KEY_TTL_MS, async (): Promise<SigningKey> => {
    const out = await secrets.send(new GetSecretValueCommand({ SecretId: env.SIGNING_SECRET_ARN }));
    if (out.SecretString === undefined || out.VersionId === undefined) throw new Error('the signing secret has no current value');
    return { versionId: out.VersionId, secret: Buffer.from(out.SecretString, 'utf8') };
  });
  wired = {
    plan,
    clock,
    incidents: new IncidentStore(db, env.TABLE_NAME),
    timeline: new TimelineStore(db, env.TABLE_NAME, cachedSecret(secrets, env.TIMELINE_SECRET_ARN)),
    communications: new CommunicationStore(db, env.TABLE_NAME),
    notifier,
    intake: new IntakeStore(db, env.TABLE_NAME),
    tasks: new TaskStore(db, env.TABLE_NAME),
    related: new RelatedIncidents(db, env.TABLE_NAME),
    actions: actionsFor(env),
    approvals: new RecordsApprovalDesk({
      plan,
      clock,
      records: new DynamoDbApprovalStore(db, env.TABLE_NAME),
      notifier,
      sfn,
      signingKey: signingKey.get,
      baseUrl: env.APPROVAL_BASE_URL,
    }),
  };
  return wired;
}

/** A step input the workflow should never send: terminal, named, never retried. */
class StepInputError extends SirpError {
  override readonly name = 'Steps.InvalidInput';
}

/** The workflows' steps: one function, one validated input per step (see step-input.schema.ts). */
export const handler = middy(async (event: unknown): Promise<unknown> => {
  const parsed = StepInputSchema.safeParse(event);
  if (!parsed.success) {
    throw new StepInputError('STEPS.INVALID_INPUT', formatZodIssues(parsed.error).map((i) => `${i.path}: ${i.message}`).join('; '));
  }
  return runStep(parsed.data, deps());
});
