import { Match } from 'aws-cdk-lib/assertions';
import { alphaPlan } from './plans';
import { templatesOf } from './synth';
import { resourcesOf } from './template-queries';

const [alpha] = templatesOf(alphaPlan);
const [[apiId]] = resourcesOf(alpha, 'AWS::ApiGateway::RestApi').filter(([, r]) => r.Properties?.Name === 'sirp-alpha-approvals') as [[string, unknown]];
const stage = resourcesOf(alpha, 'AWS::ApiGateway::Stage')[0]![1].Properties!;
const accessLogFormat = JSON.parse((stage.AccessLogSetting as { Format: string }).Format) as Record<string, string>;

describe('ApprovalApi', () => {
  it('throttles the stage at 20 requests per second with bursts of 40', () => {
    alpha.hasResourceProperties('AWS::ApiGateway::Stage', {
      MethodSettings: [Match.objectLike({ HttpMethod: '*', ResourcePath: '/*', ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 })],
      TracingEnabled: true,
    });
  });

  it('never writes the request path (which holds the link) or a query string to the access log', () => {
    const values = Object.values(accessLogFormat);
    expect(values.filter((v) => /\$context\.path\b|\$input\.params|querystring/i.test(v))).toEqual([]);
    expect(accessLogFormat).toMatchObject({
      resourcePath: '$context.resourcePath',
      requestId: '$context.requestId',
      status: '$context.status',
      ip: '$context.identity.sourceIp',
    });
  });

  it('writes access logs to an encrypted log group kept for a year', () => {
    const [[keyId]] = resourcesOf(alpha, 'AWS::KMS::Key') as [[string, unknown]];
    const [[logsId]] = resourcesOf(alpha, 'AWS::Logs::LogGroup').filter(([, r]) => r.Properties?.LogGroupName === '/aws/apigateway/sirp-alpha-approvals') as [[string, unknown]];
    expect(stage.AccessLogSetting).toMatchObject({ DestinationArn: { 'Fn::GetAtt': [logsId, 'Arn'] } });
    alpha.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/aws/apigateway/sirp-alpha-approvals', RetentionInDays: 365, KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
  });

  it('answers GET, HEAD and POST on /a/{link} only, each validated to carry the link', () => {
    // The stack has a second API (declarations): look at this one's resources only.
    const ofThisApi = (type: string) => resourcesOf(alpha, type).filter(([, r]) => JSON.stringify(r.Properties?.RestApiId) === JSON.stringify({ Ref: apiId }));
    const [[validatorId]] = ofThisApi('AWS::ApiGateway::RequestValidator') as [[string, unknown]];
    alpha.hasResourceProperties('AWS::ApiGateway::RequestValidator', { RestApiId: { Ref: apiId }, ValidateRequestParameters: true });
    alpha.hasResourceProperties('AWS::ApiGateway::Resource', { PathPart: '{link}' });
    expect(ofThisApi('AWS::ApiGateway::Method')).toHaveLength(3);
    for (const method of ['GET', 'HEAD', 'POST']) {
      alpha.hasResourceProperties('AWS::ApiGateway::Method', {
        HttpMethod: method,
        AuthorizationType: 'NONE',
        RequestValidatorId: { Ref: validatorId },
        RequestParameters: { 'method.request.path.link': true },
        Integration: { Type: 'AWS_PROXY' },
      });
    }
  });

  it('speaks TLS 1.2 or newer with the enhanced policy, and owns no account-wide API Gateway role', () => {
    alpha.hasResourceProperties('AWS::ApiGateway::RestApi', {
      Name: 'sirp-alpha-approvals',
      EndpointConfiguration: { Types: ['REGIONAL'] },
      SecurityPolicy: 'SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09',
      EndpointAccessMode: 'STRICT',
    });
    alpha.resourceCountIs('AWS::ApiGateway::Account', 0);
  });
});
