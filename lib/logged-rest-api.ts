import type { RemovalPolicy } from 'aws-cdk-lib';
import {
  AccessLogField,
  AccessLogFormat,
  type CfnRestApi,
  EndpointType,
  LogGroupLogDestination,
  type MethodOptions,
  RestApi,
} from 'aws-cdk-lib/aws-apigateway';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { LOG_RETENTION } from './names';

/**
 * Every field an access log line carries. The request path and query are left
 * out on purpose: the path of an approval link holds a bearer credential, so
 * `$context.resourcePath` (`/a/{link}`) is logged instead of `$context.path`.
 */
export const ACCESS_LOG_FIELDS = {
  requestId: AccessLogField.contextRequestId(),
  extendedRequestId: AccessLogField.contextExtendedRequestId(),
  requestTime: AccessLogField.contextRequestTime(),
  ip: AccessLogField.contextIdentitySourceIp(),
  userAgent: AccessLogField.contextIdentityUserAgent(),
  httpMethod: AccessLogField.contextHttpMethod(),
  resourcePath: AccessLogField.contextResourcePath(),
  status: AccessLogField.contextStatus(),
  protocol: AccessLogField.contextProtocol(),
  responseLength: AccessLogField.contextResponseLength(),
  responseLatency: AccessLogField.contextResponseLatency(),
  integrationStatus: AccessLogField.contextIntegrationStatus(),
  integrationLatency: AccessLogField.contextIntegrationLatency(),
  errorMessage: AccessLogField.contextErrorMessage(),
} as const;

export interface LoggedRestApiProps {
  /** Physical name of the API; its access log group is `/aws/apigateway/<name>`. */
  readonly name: string;
  readonly description: string;
  readonly throttling: { readonly rateLimit: number; readonly burstLimit: number };
  readonly encryptionKey: IKey;
  readonly removalPolicy: RemovalPolicy;
  readonly defaultMethodOptions?: MethodOptions;
}

/**
 * What every sirp REST API has: regional, one throttled `v1` stage with X-Ray
 * and metrics, access logs (ACCESS_LOG_FIELDS) to an encrypted log group, the
 * enhanced TLS policy, and no account-wide CloudWatch role.
 *
 * A function, not a construct: it adds `AccessLogs` and `Api` to the caller's
 * scope, so the logical ids of the APIs built on it are those they had before
 * it existed (a new construct level would replace each API on deploy).
 */
export function loggedRestApi(scope: Construct, props: LoggedRestApiProps): RestApi {
  const accessLogs = new LogGroup(scope, 'AccessLogs', {
    logGroupName: `/aws/apigateway/${props.name}`,
    retention: LOG_RETENTION,
    encryptionKey: props.encryptionKey,
    removalPolicy: props.removalPolicy,
  });
  const api = new RestApi(scope, 'Api', {
    restApiName: props.name,
    description: props.description,
    endpointConfiguration: { types: [EndpointType.REGIONAL] },
    // The CloudWatch role is one per account and region: an org stack must not own it.
    cloudWatchRole: false,
    defaultMethodOptions: props.defaultMethodOptions,
    deployOptions: {
      stageName: 'v1',
      throttlingRateLimit: props.throttling.rateLimit,
      throttlingBurstLimit: props.throttling.burstLimit,
      tracingEnabled: true,
      metricsEnabled: true,
      accessLogDestination: new LogGroupLogDestination(accessLogs),
      accessLogFormat: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
    },
  });
  // Enhanced TLS policy (TLS 1.3 and 1.2 with forward secrecy); STRICT checks SNI against the host.
  const cfnApi = api.node.defaultChild as CfnRestApi;
  cfnApi.securityPolicy = 'SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09';
  cfnApi.endpointAccessMode = 'STRICT';
  return api;
}
