import type { RemovalPolicy } from 'aws-cdk-lib';
import { LambdaIntegration, type RestApi } from 'aws-cdk-lib/aws-apigateway';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { acknowledgeApprovalApi } from './api-acknowledgements';
import { loggedRestApi } from './logged-rest-api';
import { physicalName } from './names';

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
    this.api = loggedRestApi(this, {
      name,
      description: `sirp ${props.org}: approval links`,
      throttling: APPROVAL_THROTTLING,
      encryptionKey: props.encryptionKey,
      removalPolicy: props.removalPolicy,
    });

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
