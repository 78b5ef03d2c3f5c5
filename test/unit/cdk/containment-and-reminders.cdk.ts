import { join } from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import { loadPlanFile } from '../../../core/plan/load-plan';
import { PROJECT_ROOT } from '../../../lib/project-paths';
import { alphaPlan } from './plans';
import { synthesize } from './synth';
import { asArray, identityStatements, logicalIdByName, resourcesOf, statementsOfRole } from './template-queries';

// The example plan lists all four automated kinds; alpha lists none.
const example = loadPlanFile(join(PROJECT_ROOT, 'orgs', 'example.yaml'));
const { app, templates } = synthesize([example, alphaPlan], { nag: true });
const [withActions, withoutActions] = templates;
if (withActions === undefined || withoutActions === undefined) throw new Error('expected two templates');

const stepsRoleId = (t: typeof withActions, org: string): string => {
  const fnId = logicalIdByName(t, 'AWS::Lambda::Function', 'FunctionName', `sirp-${org}-steps`);
  return (resourcesOf(t, 'AWS::Lambda::Function').find(([id]) => id === fnId)![1].Properties!.Role as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
};
const stepsRole = (t: typeof withActions, org: string) => statementsOfRole(t, stepsRoleId(t, org));
const actionsOf = (statements: { Action: string | string[] }[]) => statements.flatMap((s) => asArray(s.Action));
const CONTAINMENT = ['ec2:ModifyInstanceAttribute', 'ec2:CreateSecurityGroup', 'iam:UpdateAccessKey', 'iam:PutRolePolicy', 's3:PutBucketPublicAccessBlock'];

describe('containment actions in the stack', () => {
  it('grants the steps role exactly the calls of the kinds the plan lists, on instances, users, roles and buckets', () => {
    const statements = stepsRole(withActions, 'example');
    expect(actionsOf(statements)).toEqual(expect.arrayContaining([...CONTAINMENT, 'ec2:DescribeInstances']));
    const updateKey = statements.find((s) => asArray(s.Action).includes('iam:UpdateAccessKey'))!;
    expect(updateKey.Resource).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':user/*']] });
    const describe = statements.find((s) => asArray(s.Action).includes('ec2:DescribeInstances'))!;
    expect(asArray(describe.Action).sort()).toEqual(['ec2:DescribeInstances', 'ec2:DescribeSecurityGroups']);
  });

  it('denies the steps role writing an inline policy on itself or on any sirp role, whatever the revoke-sessions grant allows', () => {
    const statements = stepsRole(withActions, 'example');
    const deny = statements.find((s) => (s as { Effect?: string }).Effect === 'Deny');
    expect(deny).toBeDefined();
    expect(asArray(deny!.Action)).toEqual(['iam:PutRolePolicy']);
    const resources = JSON.stringify(deny!.Resource);
    expect(resources).toContain(':role/sirp-*');
    expect(deny!.Resource).toContainEqual({ 'Fn::GetAtt': [stepsRoleId(withActions, 'example'), 'Arn'] });
    expect(statements.filter((s) => (s as { Effect?: string }).Effect === 'Deny')).toHaveLength(1);
    expect(stepsRole(withoutActions, 'alpha').filter((s) => (s as { Effect?: string }).Effect === 'Deny')).toEqual([]);
  });

  it('grants no containment call to a plan without automated actions, nor to any other role', () => {
    expect(actionsOf(stepsRole(withoutActions, 'alpha')).filter((a) => CONTAINMENT.includes(a))).toEqual([]);
    const others = identityStatements(withActions).filter(([policy]) => !/Steps/.test(policy));
    expect(actionsOf(others.map(([, s]) => s)).filter((a) => CONTAINMENT.includes(a))).toEqual([]);
  });

  it('runs actions for real in the stack', () => {
    withActions.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'sirp-example-steps',
      Environment: { Variables: Match.objectLike({ ACTIONS_MODE: 'aws' }) },
    });
  });
});

describe('sync reminders in the stack', () => {
  it('invokes the steps function every five minutes with the syncReminders step, with a dead-letter queue', () => {
    const stepsId = logicalIdByName(withActions, 'AWS::Lambda::Function', 'FunctionName', 'sirp-example-steps');
    withActions.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(5 minutes)',
      State: 'ENABLED',
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [stepsId, 'Arn'] },
          Input: JSON.stringify({ step: 'syncReminders' }),
          DeadLetterConfig: Match.objectLike({ Arn: Match.anyValue() }),
          RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 300 },
        }),
      ],
    });
    expect(resourcesOf(withActions, 'AWS::Events::Rule').filter(([, r]) => r.Properties?.ScheduleExpression !== undefined)).toHaveLength(1);
  });
});

describe('cdk-nag with the containment grants', () => {
  const unacknowledged = (pack: AwsSolutionsChecks | NIST80053R5Checks) =>
    pack.validateScope(app).violations.flatMap((v) => v.violatingResources.map((r) => `${v.severity} ${v.ruleName} ${r.constructPath ?? ''}`));

  it('finds nothing unacknowledged in either pack', () => {
    expect(unacknowledged(new AwsSolutionsChecks())).toEqual([]);
    expect(unacknowledged(new NIST80053R5Checks())).toEqual([]);
  });
});
