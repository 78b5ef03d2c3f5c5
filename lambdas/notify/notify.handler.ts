import middy from '@middy/core';
import { z } from 'zod';
import { systemClock } from '../../core/time/clock';
import { IncidentStore } from '../adapters/incident-store';
import { SnsNotifier } from '../adapters/sns-notifier';
import { TimelineStore } from '../adapters/timeline-store';
import { clients } from '../shared/clients';
import { BaseEnvSchema, loadEnv } from '../shared/env';
import { planFromEnv } from '../shared/plan-from-env';
import { cachedSecret } from '../shared/secret-value';
import { ExecutionStatusChangeSchema } from './execution-failure.schema';
import { type NotifyDeps, notifyExecutionFailure } from './notify-service';

const EnvSchema = BaseEnvSchema.extend({ TOPIC_ARN: z.string().min(1), TIMELINE_SECRET_ARN: z.string().min(1) });

let wired: NotifyDeps | undefined;

function deps(): NotifyDeps {
  if (wired !== undefined) return wired;
  const env = loadEnv(EnvSchema);
  const { db, sns, secrets } = clients();
  wired = {
    plan: planFromEnv(),
    clock: systemClock,
    incidents: new IncidentStore(db, env.TABLE_NAME),
    timeline: new TimelineStore(db, env.TABLE_NAME, cachedSecret(secrets, env.TIMELINE_SECRET_ARN)),
    notifier: new SnsNotifier(sns, env.TOPIC_ARN),
  };
  return wired;
}

/** Target of the stack's rule for failed, timed-out and aborted executions. */
export const handler = middy(async (event: unknown) => notifyExecutionFailure(ExecutionStatusChangeSchema.parse(event), deps()));
