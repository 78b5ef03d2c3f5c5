import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { z } from 'zod';
import { systemClock } from '../../core/time/clock';
import { CommunicationStore } from '../adapters/communication-store';
import { IncidentStore } from '../adapters/incident-store';
import { SfnCommunicationStarter } from '../adapters/sfn-communication-starter';
import { clients } from '../shared/clients';
import { BaseEnvSchema, loadEnv } from '../shared/env';
import { planFromEnv } from '../shared/plan-from-env';
import { draftFromApi } from './comms-api';
import type { DraftCommunicationDeps } from './draft-communication';

const EnvSchema = BaseEnvSchema.extend({
  /** The communication workflow: one execution per draft. */
  COMMUNICATION_STATE_MACHINE_ARN: z.string().min(1),
});

let wired: DraftCommunicationDeps | undefined;

/** Wired on first use, once per container. */
function deps(): DraftCommunicationDeps {
  if (wired !== undefined) return wired;
  const env = loadEnv(EnvSchema);
  const { db, sfn } = clients();
  wired = {
    plan: planFromEnv(),
    now: () => systemClock.now(),
    incidents: new IncidentStore(db, env.TABLE_NAME),
    communications: new CommunicationStore(db, env.TABLE_NAME),
    workflows: new SfnCommunicationStarter(sfn, env.COMMUNICATION_STATE_MACHINE_ARN),
  };
  return wired;
}

/** The communications API (`POST /incidents/{id}/comms`, IAM-authorized): drafts a communication for the Crisis Lead to approve. */
export const handler = middy<APIGatewayProxyEvent, APIGatewayProxyResult>().handler(async (event) => draftFromApi(event, deps()));
