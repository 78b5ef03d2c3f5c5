import middy from '@middy/core';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { z } from 'zod';
import type { SigningKey } from '../../core/approval/signing-key';
import { SirpError } from '../../core/errors/sirp-error';
import { systemClock } from '../../core/time/clock';
import { formatZodIssues } from '../../core/validation/zod-issues';
import { IncidentStore } from '../adapters/incident-store';
import { SnsNotifier } from '../adapters/sns-notifier';
import { TimelineStore } from '../adapters/timeline-store';
import { CommunicationStore } from '../adapters/communication-store';
import { clients } from '../shared/clients';
import { BaseEnvSchema, loadEnv } from '../shared/env';
import { planFromEnv } from '../shared/plan-from-env';
import { cachedSecret } from '../shared/secret-value';
import { RecordsApprovalDesk } from './approval-desk';
import { DynamoDbApprovalStore } from '../approval/dynamodb-approval-store';
import { StepInputSchema } from './step-input.schema';
import { runStep, type StepsDeps } from './steps-service';

const EnvSchema = BaseEnvSchema.extend({
  TOPIC_ARN: z.string().min(1),
  SIGNING_SECRET_ARN: z.string().min(1),
  TIMELINE_SECRET_ARN: z.string().min(1),
  APPROVAL_BASE_URL: z.url(),
});

let wired: StepsDeps | undefined;

function deps(): StepsDeps {
  if (wired !== undefined) return wired;
  const env = loadEnv(EnvSchema);
  const { db, sns, sfn, secrets } = clients();
  const plan = planFromEnv();
  const notifier = new SnsNotifier(sns, env.TOPIC_ARN);
  // The current signing key, read per call: `sirp secret rotate` takes effect at once.
  const signingKey = async (): Promise<SigningKey> => {
    const out = await secrets.send(new GetSecretValueCommand({ SecretId: env.SIGNING_SECRET_ARN }));
    if (out.SecretString === undefined || out.VersionId === undefined) throw new Error('the signing secret has no current value');
    return { versionId: out.VersionId, secret: Buffer.from(out.SecretString, 'utf8') };
  };
  wired = {
    plan,
    clock: systemClock,
    incidents: new IncidentStore(db, env.TABLE_NAME),
    timeline: new TimelineStore(db, env.TABLE_NAME, cachedSecret(secrets, env.TIMELINE_SECRET_ARN)),
    communications: new CommunicationStore(db, env.TABLE_NAME),
    notifier,
    approvals: new RecordsApprovalDesk({
      plan,
      clock: systemClock,
      records: new DynamoDbApprovalStore(db, env.TABLE_NAME),
      notifier,
      sfn,
      signingKey,
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
