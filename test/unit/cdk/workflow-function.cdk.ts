import { Match } from 'aws-cdk-lib/assertions';
import { FUNCTION_NAMES } from '../../../lib/workflow-function';
import { alphaPlan } from './plans';
import { templatesOf } from './synth';
import { resourcesOf } from './template-queries';

const [alpha] = templatesOf(alphaPlan);
const ref = (type: string, name: string, property: string) => {
  const found = resourcesOf(alpha, type).find(([, r]) => r.Properties?.[property] === name);
  if (found === undefined) throw new Error(`no ${type} ${name}`);
  return { Ref: found[0] };
};
const secret = (purpose: string) => ref('AWS::SecretsManager::Secret', `sirp-alpha/${purpose}-signing-key`, 'Name');
const topic = () => ref('AWS::SNS::Topic', 'sirp-alpha-notifications', 'TopicName');
const baseEnvironment = (name: string) => ({
  SIRP_ORG: 'alpha',
  TABLE_NAME: ref('AWS::DynamoDB::Table', 'sirp-alpha-incidents', 'TableName'),
  POWERTOOLS_SERVICE_NAME: `sirp-${name}`,
  NODE_OPTIONS: '--enable-source-maps',
});
const timeline = () => ({ TIMELINE_SECRET_ARN: secret('timeline') });

describe('WorkflowFunction', () => {
  it.each(FUNCTION_NAMES)('runs %s on Node.js 24, ARM64, with X-Ray active tracing', (name) => {
    alpha.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: `sirp-alpha-${name}`,
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      Handler: 'index.handler',
    });
  });

  it.each(FUNCTION_NAMES)('logs %s to its own encrypted log group kept for a year', (name) => {
    const [[keyId]] = resourcesOf(alpha, 'AWS::KMS::Key') as [[string, unknown]];
    const [[logsId]] = resourcesOf(alpha, 'AWS::Logs::LogGroup').filter(([, r]) => r.Properties?.LogGroupName === `/aws/lambda/sirp-alpha-${name}`) as [[string, unknown]];
    alpha.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: `/aws/lambda/sirp-alpha-${name}`,
      RetentionInDays: 365,
      KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
    });
    alpha.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: `sirp-alpha-${name}`,
      LoggingConfig: { LogGroup: { Ref: logsId } },
    });
  });

  it('gives every function a role without managed policies', () => {
    for (const [, role] of resourcesOf(alpha, 'AWS::IAM::Role')) expect(role.Properties?.ManagedPolicyArns).toBeUndefined();
  });

  it('gives triage the incident machine and a reserved concurrency', () => {
    alpha.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'sirp-alpha-triage',
      ReservedConcurrentExecutions: 20,
      Environment: {
        Variables: Match.exact({
          ...baseEnvironment('triage'),
          ...timeline(),
          INCIDENT_STATE_MACHINE_ARN: ref('AWS::StepFunctions::StateMachine', 'sirp-alpha-incident', 'StateMachineName'),
        }),
      },
    });
  });

  it("gives steps the topic, the link-signing key and the plan's approval base URL", () => {
    alpha.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'sirp-alpha-steps',
      Environment: {
        Variables: Match.exact({
          ...baseEnvironment('steps'),
          ...timeline(),
          TOPIC_ARN: topic(),
          SIGNING_SECRET_ARN: secret('approval'),
          APPROVAL_BASE_URL: 'https://ir.alpha.example',
          // Containment actions act for real in the stack (dry run only in the embedded runtime).
          ACTIONS_MODE: 'aws',
        }),
      },
    });
  });

  it('gives notify the topic', () => {
    alpha.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'sirp-alpha-notify',
      Environment: { Variables: Match.exact({ ...baseEnvironment('notify'), ...timeline(), TOPIC_ARN: topic() }) },
    });
  });

  it('gives approval the link-signing key and the timeline key (acknowledgements go on the timeline), nothing to publish with', () => {
    alpha.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'sirp-alpha-approval',
      Environment: { Variables: Match.exact({ ...baseEnvironment('approval'), ...timeline(), SIGNING_SECRET_ARN: secret('approval') }) },
    });
  });

  it.each(['approval', 'notify', 'steps', 'triage'])('lets %s read the timeline key it is given', (name) => {
    const role = (resourcesOf(alpha, 'AWS::Lambda::Function').find(([, r]) => r.Properties?.FunctionName === `sirp-alpha-${name}`)![1].Properties!.Role as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
    const policies = resourcesOf(alpha, 'AWS::IAM::Policy').filter(([, r]) => JSON.stringify(r.Properties?.Roles) === JSON.stringify([{ Ref: role }]));
    const statements = policies.flatMap(([, r]) => (r.Properties?.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] }).Statement);
    const reads = statements.filter((s) => [s.Action].flat().includes('secretsmanager:GetSecretValue'));
    expect(reads.flatMap((s) => [s.Resource].flat())).toContainEqual(secret('timeline'));
  });

  it('passes the plan in the bundle, never in the 4 KB environment', () => {
    for (const [, fn] of resourcesOf(alpha, 'AWS::Lambda::Function')) {
      const variables = (fn.Properties?.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(Object.keys(variables)).not.toContain('SIRP_PLAN_JSON');
    }
  });
});
