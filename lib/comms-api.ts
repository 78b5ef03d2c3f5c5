import { type RemovalPolicy, Stack } from 'aws-cdk-lib';
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
import { MAX_MESSAGE_LENGTH } from '../core/comms/communication';
import { COMMUNICATION_AUDIENCES } from '../core/plan/plan.schema';
import { acknowledge } from './acknowledgements';
import { ACCESS_LOG_FIELDS } from './approval-api';
import { LOG_RETENTION, physicalName } from './names';
import { flattenForNag } from './nag-findings';

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
export class CommsApi extends Construct {
  readonly api: RestApi;
  /** Attach to the roles of people who may draft communications. */
  readonly invokePolicy: ManagedPolicy;

  constructor(scope: Construct, id: string, props: CommsApiProps) {
    super(scope, id);
    const name = physicalName(props.org, 'comms');
    const accessLogs = new LogGroup(this, 'AccessLogs', {
      logGroupName: `/aws/apigateway/${name}`,
      retention: LOG_RETENTION,
      encryptionKey: props.encryptionKey,
      removalPolicy: props.removalPolicy,
    });
    this.api = new RestApi(this, 'Api', {
      restApiName: name,
      description: `sirp ${props.org}: draft incident communications for the Crisis Lead's approval (IAM)`,
      endpointConfiguration: { types: [EndpointType.REGIONAL] },
      // The CloudWatch role is one per account and region: an org stack must not own it.
      cloudWatchRole: false,
      defaultMethodOptions: { authorizationType: AuthorizationType.IAM },
      deployOptions: {
        stageName: 'v1',
        throttlingRateLimit: COMMS_THROTTLING.rateLimit,
        throttlingBurstLimit: COMMS_THROTTLING.burstLimit,
        tracingEnabled: true,
        metricsEnabled: true,
        accessLogDestination: new LogGroupLogDestination(accessLogs),
        accessLogFormat: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });
    const cfnApi = this.api.node.defaultChild as CfnRestApi;
    cfnApi.securityPolicy = 'SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09';
    cfnApi.endpointAccessMode = 'STRICT';

    const model = this.api.addModel('Draft', {
      contentType: 'application/json',
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
    });
    const validator = this.api.addRequestValidator('BodyValidator', { requestValidatorName: `${name}-body`, validateRequestBody: true, validateRequestParameters: true });
    this.api.root
      .addResource('incidents')
      .addResource('{id}')
      .addResource('comms')
      .addMethod('POST', new LambdaIntegration(props.handler, { proxy: true, allowTestInvoke: false }), {
        authorizationType: AuthorizationType.IAM,
        requestValidator: validator,
        requestParameters: { 'method.request.path.id': true },
        requestModels: { 'application/json': model },
      });

    const invokeArn = this.api.arnForExecuteApi('POST', '/incidents/*/comms', 'v1');
    this.invokePolicy = new ManagedPolicy(this, 'InvokePolicy', {
      managedPolicyName: name,
      description: `sirp ${props.org}: may draft communications through the communications API`,
      statements: [new PolicyStatement({ actions: ['execute-api:Invoke'], resources: [invokeArn] })],
    });
    acknowledge(
      this.invokePolicy,
      `AwsSolutions-IAM5[Resource::${flattenForNag(Stack.of(this).resolve(invokeArn))}]`,
      'The wildcard is the incident id in the path: whoever may draft communications may draft them for any incident of this org, and only through POST on this one stage.',
    );
    acknowledgeCommsApi(this);
  }
}

/** Findings of the communications API that follow from what it is: an IAM-authorized API for a few people. */
function acknowledgeCommsApi(scope: Construct): void {
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
  acknowledge(scope, 'NIST.800.53.R5-APIGWCacheEnabledAndEncrypted', 'Every request drafts a new communication: a cached answer would drop one. The stage has no cache.');
  acknowledge(
    scope,
    'NIST.800.53.R5-APIGWSSLEnabled',
    'Client certificates let an HTTP backend authenticate API Gateway; the only backend is a Lambda proxy integration, which Lambda authorizes with IAM.',
  );
}
