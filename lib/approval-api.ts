import type { RemovalPolicy } from 'aws-cdk-lib';
import {
  AccessLogField,
  AccessLogFormat,
  CfnRestApi,
  EndpointType,
  LambdaIntegration,
  LogGroupLogDestination,
  RestApi,
} from 'aws-cdk-lib/aws-apigateway';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledgeApprovalApi } from './api-acknowledgements';
import { LOG_RETENTION, physicalName } from './names';

export interface ApprovalApiProps {
  readonly org: string;
  /** The approval function (API Gateway proxy integration). */
  readonly handler: IFunction;
  readonly encryptionKey: IKey;
  readonly removalPolicy: RemovalPolicy;
}

/** A person clicks a link now and then; 20 requests/s with bursts of 40 is far above that and far below abuse. */
export const APPROVAL_THROTTLING = { rateLimit: 20, burstLimit: 40 } as const;

/** Resource path of an approval link: `/a/<opaque link id>`. */
export const LINK_PATH = ['a', '{link}'] as const;

/**
 * Every field an access log line carries. The request path and query are left
 * out on purpose: the path holds the approval link, a bearer credential, so
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

/**
 * The public endpoint behind approval links: a regional REST API with one
 * resource, `/a/{link}`, answering GET and HEAD (show, change nothing: mail
 * scanners open links) and POST (decide), all proxied to the approval
 * function. Stage throttling, X-Ray, access logs without the link, a request
 * validator that requires the path parameter, and TLS 1.2+ only.
 *
 * The plan's `approvals.baseUrl` must route to this API's stage, usually via
 * an API Gateway custom domain with a base path mapping (short links keep an
 * SMS under 160 characters); the stack outputs the stage URL to map.
 */
export class ApprovalApi extends Construct {
  readonly api: RestApi;

  constructor(scope: Construct, id: string, props: ApprovalApiProps) {
    super(scope, id);
    const name = physicalName(props.org, 'approvals');
    const accessLogs = new LogGroup(this, 'AccessLogs', {
      logGroupName: `/aws/apigateway/${name}`,
      retention: LOG_RETENTION,
      encryptionKey: props.encryptionKey,
      removalPolicy: props.removalPolicy,
    });
    this.api = new RestApi(this, 'Api', {
      restApiName: name,
      description: `sirp ${props.org}: approval links`,
      endpointConfiguration: { types: [EndpointType.REGIONAL] },
      // The CloudWatch role is one per account and region: an org stack must not own it.
      cloudWatchRole: false,
      deployOptions: {
        stageName: 'v1',
        throttlingRateLimit: APPROVAL_THROTTLING.rateLimit,
        throttlingBurstLimit: APPROVAL_THROTTLING.burstLimit,
        tracingEnabled: true,
        metricsEnabled: true,
        accessLogDestination: new LogGroupLogDestination(accessLogs),
        accessLogFormat: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });
    // Enhanced TLS policy (TLS 1.3 and 1.2 with forward secrecy); STRICT checks SNI against the host.
    const cfnApi = this.api.node.defaultChild as CfnRestApi;
    cfnApi.securityPolicy = 'SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09';
    cfnApi.endpointAccessMode = 'STRICT';

    const validator = this.api.addRequestValidator('LinkValidator', {
      requestValidatorName: `${name}-link`,
      validateRequestParameters: true,
    });
    const integration = new LambdaIntegration(props.handler, { proxy: true, allowTestInvoke: false });
    const link = LINK_PATH.reduce((resource, part) => resource.addResource(part), this.api.root);
    for (const method of ['GET', 'HEAD', 'POST']) {
      link.addMethod(method, integration, {
        requestValidator: validator,
        requestParameters: { 'method.request.path.link': true },
      });
    }
    acknowledgeApprovalApi(this);
  }

  /** The stage URL, for the custom domain's base path mapping (or as the base URL while testing). */
  get url(): string {
    return this.api.url;
  }
}
