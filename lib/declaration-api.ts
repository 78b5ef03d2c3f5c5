import type { RemovalPolicy } from 'aws-cdk-lib';
import {
  AccessLogFormat,
  AuthorizationType,
  CfnRestApi,
  EndpointType,
  JsonSchemaType,
  LambdaIntegration,
  LogGroupLogDestination,
  RestApi,
} from 'aws-cdk-lib/aws-apigateway';
import { ManagedPolicy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledge } from './acknowledgements';
import { ACCESS_LOG_FIELDS } from './approval-api';
import { LOG_RETENTION, physicalName } from './names';

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
export class DeclarationApi extends Construct {
  readonly api: RestApi;
  /** Attach to the roles of people who may declare incidents. */
  readonly invokePolicy: ManagedPolicy;

  constructor(scope: Construct, id: string, props: DeclarationApiProps) {
    super(scope, id);
    const name = physicalName(props.org, 'declare');
    const accessLogs = new LogGroup(this, 'AccessLogs', {
      logGroupName: `/aws/apigateway/${name}`,
      retention: LOG_RETENTION,
      encryptionKey: props.encryptionKey,
      removalPolicy: props.removalPolicy,
    });
    this.api = new RestApi(this, 'Api', {
      restApiName: name,
      description: `sirp ${props.org}: declare an incident by hand (IAM)`,
      endpointConfiguration: { types: [EndpointType.REGIONAL] },
      // The CloudWatch role is one per account and region: an org stack must not own it.
      cloudWatchRole: false,
      defaultMethodOptions: { authorizationType: AuthorizationType.IAM },
      deployOptions: {
        stageName: 'v1',
        throttlingRateLimit: DECLARATION_THROTTLING.rateLimit,
        throttlingBurstLimit: DECLARATION_THROTTLING.burstLimit,
        tracingEnabled: true,
        metricsEnabled: true,
        accessLogDestination: new LogGroupLogDestination(accessLogs),
        accessLogFormat: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });
    const cfnApi = this.api.node.defaultChild as CfnRestApi;
    cfnApi.securityPolicy = 'SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09';
    cfnApi.endpointAccessMode = 'STRICT';

    const model = this.api.addModel('Declaration', {
      contentType: 'application/json',
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
    });
    // Parameters too: the method declares none required, and cdk-nag looks for both.
    const validator = this.api.addRequestValidator('BodyValidator', { requestValidatorName: `${name}-body`, validateRequestBody: true, validateRequestParameters: true });
    this.api.root.addResource('declare').addMethod('POST', new LambdaIntegration(props.triage, { proxy: true, allowTestInvoke: false }), {
      authorizationType: AuthorizationType.IAM,
      requestValidator: validator,
      requestModels: { 'application/json': model },
    });

    this.invokePolicy = new ManagedPolicy(this, 'InvokePolicy', {
      managedPolicyName: name,
      description: `sirp ${props.org}: may declare incidents through the declaration API`,
      statements: [new PolicyStatement({ actions: ['execute-api:Invoke'], resources: [this.api.arnForExecuteApi('POST', '/declare', 'v1')] })],
    });
    acknowledgeDeclarationApi(this);
  }
}

/** Findings of the declaration API that follow from what it is: an IAM-authorized API for a few people. */
function acknowledgeDeclarationApi(scope: Construct): void {
  acknowledge(scope, 'AwsSolutions-COG4', 'IAM (SigV4) authorizes every method: responders already have IAM identities in this account, a Cognito pool would be a second identity store.');
  const executionLogging =
    'Access logs are on. Execution logging needs the account-wide API Gateway CloudWatch role, a per-account-and-region ' +
    'singleton that one org stack must not own; the account baseline can enable it.';
  acknowledge(scope, 'AwsSolutions-APIG6', executionLogging);
  acknowledge(scope, 'NIST.800.53.R5-APIGWExecutionLoggingEnabled', executionLogging);
  const waf =
    'Only IAM principals granted execute-api:Invoke reach the function; stage throttling (5 rps, burst 10) and TLS 1.2+ bound the rest. ' +
    'The organization can attach its shared web ACL to the stage.';
  acknowledge(scope, 'AwsSolutions-APIG3', waf);
  acknowledge(scope, 'NIST.800.53.R5-APIGWAssociatedWithWAF', waf);
  acknowledge(scope, 'NIST.800.53.R5-APIGWCacheEnabledAndEncrypted', 'Every declaration opens an incident: a cached answer would drop one. The stage has no cache.');
  acknowledge(
    scope,
    'NIST.800.53.R5-APIGWSSLEnabled',
    'Client certificates let an HTTP backend authenticate API Gateway; the only backend is a Lambda proxy integration, which Lambda authorizes with IAM.',
  );
}
