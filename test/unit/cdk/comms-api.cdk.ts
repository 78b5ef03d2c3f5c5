import { Match } from 'aws-cdk-lib/assertions';
import { alphaPlan } from './plans';
import { templatesOf } from './synth';
import { asArray, identityStatements, logicalIdByName, resourcesOf } from './template-queries';

const [alpha] = templatesOf(alphaPlan);
const apiId = () => logicalIdByName(alpha, 'AWS::ApiGateway::RestApi', 'Name', 'sirp-alpha-comms');
const functionId = () => logicalIdByName(alpha, 'AWS::Lambda::Function', 'FunctionName', 'sirp-alpha-comms');
const communicationMachine = () => logicalIdByName(alpha, 'AWS::StepFunctions::StateMachine', 'StateMachineName', 'sirp-alpha-communication');

describe('CommsApi', () => {
  it('takes POST /incidents/{id}/comms only with IAM (SigV4) authorization and a validated body, and proxies it to the comms function', () => {
    alpha.hasResourceProperties('AWS::ApiGateway::Method', {
      RestApiId: { Ref: apiId() },
      HttpMethod: 'POST',
      AuthorizationType: 'AWS_IAM',
      RequestValidatorId: Match.anyValue(),
      RequestParameters: { 'method.request.path.id': true },
      RequestModels: { 'application/json': Match.anyValue() },
      Integration: Match.objectLike({
        Type: 'AWS_PROXY',
        IntegrationHttpMethod: 'POST',
        Uri: { 'Fn::Join': ['', Match.arrayWith([{ 'Fn::GetAtt': [functionId(), 'Arn'] }])] },
      }),
    });
    alpha.hasResourceProperties('AWS::ApiGateway::Resource', { RestApiId: { Ref: apiId() }, PathPart: 'comms' });
    alpha.hasResourceProperties('AWS::ApiGateway::RequestValidator', { RestApiId: { Ref: apiId() }, ValidateRequestBody: true });
    alpha.hasResourceProperties('AWS::ApiGateway::Model', {
      RestApiId: { Ref: apiId() },
      Schema: Match.objectLike({
        required: ['audience', 'message'],
        additionalProperties: false,
        properties: Match.objectLike({ audience: { type: 'string', enum: ['executives', 'employees', 'customers', 'partners'] } }),
      }),
    });
    const methods = resourcesOf(alpha, 'AWS::ApiGateway::Method').filter(([, m]) => JSON.stringify(m.Properties?.RestApiId) === JSON.stringify({ Ref: apiId() }));
    expect(methods.map(([, m]) => [m.Properties?.HttpMethod, m.Properties?.AuthorizationType])).toEqual([['POST', 'AWS_IAM']]);
  });

  it('gives the comms function the communication workflow to start, and StartExecution on that machine only', () => {
    alpha.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'sirp-alpha-comms',
      Timeout: 10,
      Environment: { Variables: Match.objectLike({ COMMUNICATION_STATE_MACHINE_ARN: { Ref: communicationMachine() } }) },
    });
    const role = (alpha.findResources('AWS::Lambda::Function')[functionId()]!.Properties as { Role: { 'Fn::GetAtt': [string, string] } }).Role['Fn::GetAtt'][0];
    const policies = Object.entries(alpha.findResources('AWS::IAM::Policy'))
      .filter(([, p]) => JSON.stringify((p.Properties as { Roles: unknown }).Roles).includes(role))
      .map(([id]) => id);
    const starts = identityStatements(alpha).filter(([id, s]) => policies.includes(id) && asArray(s.Action).some((a) => a.startsWith('states:')));
    expect(starts.map(([, s]) => [s.Action, s.Resource])).toEqual([['states:StartExecution', { Ref: communicationMachine() }]]);
  });
});

describe('IncidentResponseStack outputs', () => {
  it('outputs the URLs of the declaration and communications APIs', () => {
    alpha.hasOutput('DeclarationApiUrl', { Value: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([{ Ref: logicalIdByName(alpha, 'AWS::ApiGateway::RestApi', 'Name', 'sirp-alpha-declare') }])] }) });
    alpha.hasOutput('CommsApiUrl', { Value: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([{ Ref: apiId() }])] }) });
  });
});
