import type { RemovalPolicy } from 'aws-cdk-lib';
import { JsonSchemaType } from 'aws-cdk-lib/aws-apigateway';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { MAX_MESSAGE_LENGTH } from '../core/comms/communication';
import { COMMUNICATION_AUDIENCES } from '../core/plan/plan.schema';
import { IamAuthorizedApi } from './iam-authorized-api';

export interface CommsApiProps {
  readonly org: string;
  /** The comms function: it stores the draft and starts the communication workflow. */
  readonly handler: IFunction;
  readonly encryptionKey: IKey;
  readonly removalPolicy: RemovalPolicy;
}

/** A few drafts per incident, written by people: 5 requests/s with bursts of 10 is far above that and bounds abuse. */
export const COMMS_THROTTLING = { rateLimit: 5, burstLimit: 10 } as const;

/**
 * `POST /incidents/{id}/comms`: the Communications workstream drafts a
 * message (executives, employees, customers, partners) that leaves only after
 * the Crisis Lead approves it; the stack's counterpart of `sirp comms draft`.
 * IAM-authorized (SigV4): only principals granted `execute-api:Invoke` on it
 * (attach the `sirp-<org>-comms` managed policy) can call it. API Gateway
 * checks the body's shape before the function runs; the function validates it
 * again with zod and checks `author` against the plan's contacts.
 *
 * @example
 * // awscurl --service execute-api -X POST "$URL/incidents/inc-01jd7x3k9m/comms" \
 * //   -d '{"audience":"executives","message":"# Status\nContained; no customer data left.","author":"omar-haddad"}'
 */
export class CommsApi extends IamAuthorizedApi {
  constructor(scope: Construct, id: string, props: CommsApiProps) {
    super(scope, id, {
      ...props,
      name: 'comms',
      purpose: "draft incident communications for the Crisis Lead's approval",
      throttling: COMMS_THROTTLING,
      path: ['incidents', '{id}', 'comms'],
      body: {
        modelName: 'Draft',
        schema: {
          type: JsonSchemaType.OBJECT,
          required: ['audience', 'message'],
          additionalProperties: false,
          properties: {
            audience: { type: JsonSchemaType.STRING, enum: [...COMMUNICATION_AUDIENCES] },
            message: { type: JsonSchemaType.STRING, minLength: 1, maxLength: MAX_MESSAGE_LENGTH },
            author: { type: JsonSchemaType.STRING, minLength: 1, maxLength: 200 },
          },
        },
      },
      grants: 'may draft communications through the communications API',
      wildcardReason:
        'The wildcard is the incident id in the path: whoever may draft communications may draft them for any incident of this org, and only through POST on this one stage.',
      noCacheReason: 'Every request drafts a new communication: a cached answer would drop one. The stage has no cache.',
    });
  }
}
