import { Match } from 'aws-cdk-lib/assertions';
import { alphaPlan } from './plans';
import { templatesOf } from './synth';
import { logicalIdByName } from './template-queries';

const [alpha] = templatesOf(alphaPlan);

// The declaration and communications APIs are both an IamAuthorizedApi: the same stage and the same kind of invoke policy.
describe.each([
  { api: 'DeclarationApi', name: 'sirp-alpha-declare', route: 'declare' },
  { api: 'CommsApi', name: 'sirp-alpha-comms', route: 'incidents/*/comms' },
])('$api (IamAuthorizedApi)', ({ name, route }) => {
  const apiId = () => logicalIdByName(alpha, 'AWS::ApiGateway::RestApi', 'Name', name);

  it('throttles its stage, traces it and logs access to an encrypted log group', () => {
    alpha.hasResourceProperties('AWS::ApiGateway::Stage', {
      RestApiId: { Ref: apiId() },
      StageName: 'v1',
      TracingEnabled: true,
      MethodSettings: Match.arrayWith([Match.objectLike({ ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 })]),
      AccessLogSetting: Match.objectLike({ DestinationArn: Match.anyValue() }),
    });
    alpha.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: `/aws/apigateway/${name}`, KmsKeyId: Match.anyValue() });
  });

  it(`offers a managed policy that allows invoking POST /${route} and nothing else`, () => {
    alpha.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      ManagedPolicyName: name,
      PolicyDocument: {
        Statement: [
          Match.objectLike({
            Action: 'execute-api:Invoke',
            Effect: 'Allow',
            Resource: { 'Fn::Join': ['', Match.arrayWith([{ Ref: apiId() }, `/v1/POST/${route}`])] },
          }),
        ],
      },
    });
  });
});
