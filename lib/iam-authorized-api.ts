import { type RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AuthorizationType, type JsonSchema, LambdaIntegration, type RestApi } from 'aws-cdk-lib/aws-apigateway';
import { ManagedPolicy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { acknowledge } from './acknowledgements';
import { loggedRestApi } from './logged-rest-api';
import { physicalName } from './names';
import { flattenForNag } from './nag-findings';

export interface IamAuthorizedApiProps {
  readonly org: string;
  /** The function behind the one route (API Gateway proxy integration). */
  readonly handler: IFunction;
  readonly encryptionKey: IKey;
  readonly removalPolicy: RemovalPolicy;
  /** `sirp-<org>-<name>` names the API, its access log group and its invoke policy. */
  readonly name: string;
  /** What callers do with it, for the API's description ("declare an incident by hand"). */
  readonly purpose: string;
  readonly throttling: { readonly rateLimit: number; readonly burstLimit: number };
  /** The one POST route, part by part; a `{param}` part is a required path parameter. */
  readonly path: readonly string[];
  /** The JSON body API Gateway checks before the function runs (the function checks it again with zod). */
  readonly body: { readonly modelName: string; readonly schema: JsonSchema };
  /** The invoke policy's description ("may declare incidents through the declaration API"). */
  readonly grants: string;
  /** Why a path parameter may be any value in the invoke policy: cdk-nag flags the wildcard it becomes. Required when `path` has one. */
  readonly wildcardReason?: string;
  /** Why the stage has no cache (cdk-nag asks). */
  readonly noCacheReason: string;
}

/**
 * One POST route for people, IAM-authorized (SigV4): only principals granted
 * `execute-api:Invoke` on it (attach `invokePolicy`) can call it. API Gateway
 * checks the body's shape before the function runs. The declaration and
 * communications APIs are this with their own route, body and reasons.
 */
export class IamAuthorizedApi extends Construct {
  readonly api: RestApi;
  /** Attach to the roles of people who may call the route. */
  readonly invokePolicy: ManagedPolicy;

  constructor(scope: Construct, id: string, props: IamAuthorizedApiProps) {
    super(scope, id);
    const name = physicalName(props.org, props.name);
    this.api = loggedRestApi(this, {
      name,
      description: `sirp ${props.org}: ${props.purpose} (IAM)`,
      throttling: props.throttling,
      encryptionKey: props.encryptionKey,
      removalPolicy: props.removalPolicy,
      defaultMethodOptions: { authorizationType: AuthorizationType.IAM },
    });

    const model = this.api.addModel(props.body.modelName, { contentType: 'application/json', schema: props.body.schema });
    // Parameters too: cdk-nag looks for both, even on a method that declares none required.
    const validator = this.api.addRequestValidator('BodyValidator', { requestValidatorName: `${name}-body`, validateRequestBody: true, validateRequestParameters: true });
    const params = props.path.flatMap((part) => /^\{(.+)\}$/.exec(part)?.[1] ?? []);
    props.path
      .reduce((resource, part) => resource.addResource(part), this.api.root)
      .addMethod('POST', new LambdaIntegration(props.handler, { proxy: true, allowTestInvoke: false }), {
        authorizationType: AuthorizationType.IAM,
        requestValidator: validator,
        ...(params.length === 0 ? {} : { requestParameters: Object.fromEntries(params.map((p) => [`method.request.path.${p}`, true])) }),
        requestModels: { 'application/json': model },
      });

    const invokeArn = this.api.arnForExecuteApi('POST', `/${props.path.map((part) => (part.startsWith('{') ? '*' : part)).join('/')}`, 'v1');
    this.invokePolicy = new ManagedPolicy(this, 'InvokePolicy', {
      managedPolicyName: name,
      description: `sirp ${props.org}: ${props.grants}`,
      statements: [new PolicyStatement({ actions: ['execute-api:Invoke'], resources: [invokeArn] })],
    });
    if (params.length > 0) {
      if (props.wildcardReason === undefined) throw new Error(`${this.node.path}: the path parameters of ${name} become a wildcard in its invoke policy; say why in wildcardReason`);
      acknowledge(this.invokePolicy, `AwsSolutions-IAM5[Resource::${flattenForNag(Stack.of(this).resolve(invokeArn))}]`, props.wildcardReason);
    }
    acknowledgeIamAuthorizedApi(this, props);
  }
}

/** Findings that follow from what the API is: IAM-authorized, for a few people. */
function acknowledgeIamAuthorizedApi(scope: Construct, props: IamAuthorizedApiProps): void {
  acknowledge(scope, 'AwsSolutions-COG4', 'IAM (SigV4) authorizes every method: responders already have IAM identities in this account, a Cognito pool would be a second identity store.');
  const executionLogging =
    'Access logs are on. Execution logging needs the account-wide API Gateway CloudWatch role, a per-account-and-region ' +
    'singleton that one org stack must not own; the account baseline can enable it.';
  acknowledge(scope, 'AwsSolutions-APIG6', executionLogging);
  acknowledge(scope, 'NIST.800.53.R5-APIGWExecutionLoggingEnabled', executionLogging);
  const { rateLimit, burstLimit } = props.throttling;
  const waf =
    `Only IAM principals granted execute-api:Invoke reach the function; stage throttling (${String(rateLimit)} rps, burst ${String(burstLimit)}) and TLS 1.2+ bound the rest. ` +
    'The organization can attach its shared web ACL to the stage.';
  acknowledge(scope, 'AwsSolutions-APIG3', waf);
  acknowledge(scope, 'NIST.800.53.R5-APIGWAssociatedWithWAF', waf);
  acknowledge(scope, 'NIST.800.53.R5-APIGWCacheEnabledAndEncrypted', props.noCacheReason);
  acknowledge(
    scope,
    'NIST.800.53.R5-APIGWSSLEnabled',
    'Client certificates let an HTTP backend authenticate API Gateway; the only backend is a Lambda proxy integration, which Lambda authorizes with IAM.',
  );
}
