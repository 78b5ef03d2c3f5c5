import type { RemovalPolicy } from 'aws-cdk-lib';
import { JsonSchemaType } from 'aws-cdk-lib/aws-apigateway';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { IamAuthorizedApi } from './iam-authorized-api';

export interface DeclarationApiProps {
  readonly org: string;
  /** The triage function: it takes a declaration as an API Gateway proxy event. */
  readonly triage: IFunction;
  readonly encryptionKey: IKey;
  readonly removalPolicy: RemovalPolicy;
}

/** People declare incidents now and then: 5 requests/s with bursts of 10 is far above that and bounds abuse. */
export const DECLARATION_THROTTLING = { rateLimit: 5, burstLimit: 10 } as const;

/**
 * `POST /declare`: a person opens an incident for what no sensor sees, the
 * stack's counterpart of `sirp declare`. IAM-authorized (SigV4): only
 * principals granted `execute-api:Invoke` on it (attach the `sirp-<org>-declare`
 * managed policy) can call it. API Gateway checks the body's shape before the
 * function runs; the triage function validates it again with zod and checks
 * `declaredBy` against the plan's contacts.
 *
 * @example
 * // awscurl --service execute-api -X POST "$URL/declare" -H 'Idempotency-Key: 7b0c2f7e9a1d4c55' \
 * //   -d '{"title":"Phishing reported by finance","severity":"sev2","declaredBy":"maya-chen"}'
 */
export class DeclarationApi extends IamAuthorizedApi {
  constructor(scope: Construct, id: string, props: DeclarationApiProps) {
    super(scope, id, {
      org: props.org,
      handler: props.triage,
      encryptionKey: props.encryptionKey,
      removalPolicy: props.removalPolicy,
      name: 'declare',
      purpose: 'declare an incident by hand',
      throttling: DECLARATION_THROTTLING,
      path: ['declare'],
      body: {
        modelName: 'Declaration',
        schema: {
          type: JsonSchemaType.OBJECT,
          required: ['title', 'severity'],
          additionalProperties: false,
          properties: {
            title: { type: JsonSchemaType.STRING, minLength: 1, maxLength: 500 },
            severity: { type: JsonSchemaType.STRING, enum: ['sev1', 'sev2', 'sev3', 'sev4', 'INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] },
            declaredBy: { type: JsonSchemaType.STRING, minLength: 1, maxLength: 200 },
            description: { type: JsonSchemaType.STRING, maxLength: 10_000 },
          },
        },
      },
      grants: 'may declare incidents through the declaration API',
      noCacheReason: 'Every declaration opens an incident: a cached answer would drop one. The stage has no cache.',
    });
  }
}
