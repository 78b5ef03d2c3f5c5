import { alphaPlan } from './plans';
import { templatesOf } from './synth';
import { asArray, identityStatements, resourcesOf, statementsOfRole } from './template-queries';

const [alpha] = templatesOf(alphaPlan);

/**
 * The only actions AWS lets (or makes) us grant on "*", each acknowledged in
 * cdk-nag with this reason: X-Ray and CloudWatch Logs vended-log delivery
 * support no resource-level permissions.
 */
const STAR_ONLY_ACTIONS = new Set([
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'xray:GetSamplingRules',
  'xray:GetSamplingTargets',
  'logs:CreateLogDelivery',
  'logs:GetLogDelivery',
  'logs:UpdateLogDelivery',
  'logs:DeleteLogDelivery',
  'logs:ListLogDeliveries',
  'logs:PutResourcePolicy',
  'logs:DescribeResourcePolicies',
  'logs:DescribeLogGroups',
]);

/** Resource policies too (topics, queues, the key): a "*" action is never right. */
const allPolicyStatements = () =>
  Object.values(alpha.toJSON().Resources as Record<string, { Properties?: Record<string, unknown> }>).flatMap((r) => {
    const doc = (r.Properties?.PolicyDocument ?? r.Properties?.KeyPolicy) as { Statement?: { Action: string | string[] }[] } | undefined;
    return doc?.Statement ?? [];
  });

describe('IAM', () => {
  it('grants no "*" action in any policy', () => {
    const statements = [...identityStatements(alpha).map(([, s]) => s), ...allPolicyStatements()];
    expect(statements.length).toBeGreaterThan(20);
    expect(statements.filter((s) => asArray(s.Action).includes('*'))).toEqual([]);
  });

  it('puts only the X-Ray and log-delivery actions AWS requires on resource "*"', () => {
    const onStar = identityStatements(alpha)
      .filter(([, s]) => asArray(s.Resource).includes('*'))
      .flatMap(([id, s]) => asArray(s.Action).map((action) => `${id}: ${action}`));
    expect(onStar.length).toBeGreaterThan(0);
    expect(onStar.filter((entry) => !STAR_ONLY_ACTIONS.has(entry.split(': ')[1]!))).toEqual([]);
  });

  const roleOf = (fn: string) =>
    (
      resourcesOf(alpha, 'AWS::Lambda::Function').find(([, r]) => r.Properties?.FunctionName === fn)![1].Properties!.Role as {
        'Fn::GetAtt': [string];
      }
    )['Fn::GetAtt'][0];
  const machineArn = (name: string) => ({
    'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:states:eu-west-1:111111111111:stateMachine:${name}`]],
  });
  const ownMachines = resourcesOf(alpha, 'AWS::StepFunctions::StateMachine').map(([, r]) => machineArn(r.Properties!.StateMachineName as string));
  const byJson = (a: unknown, b: unknown) => JSON.stringify(a).localeCompare(JSON.stringify(b));

  it.each(['sirp-alpha-approval', 'sirp-alpha-steps'])("lets %s answer callback tasks of this stack's machines only", (fn) => {
    const taskResponses = statementsOfRole(alpha, roleOf(fn)).filter((s) =>
      asArray(s.Action).some((a) => a === 'states:SendTaskSuccess' || a === 'states:SendTaskFailure'),
    );
    // incident, the five phases, and communication.
    expect(ownMachines).toHaveLength(7);
    expect(taskResponses.flatMap((s) => asArray(s.Resource)).sort(byJson)).toEqual(ownMachines.sort(byJson));
  });

  it('lets no other role answer callback tasks', () => {
    const answering = resourcesOf(alpha, 'AWS::IAM::Policy').filter(([, r]) =>
      (r.Properties?.PolicyDocument as { Statement: { Action: string | string[] }[] }).Statement.some((s) =>
        asArray(s.Action).includes('states:SendTaskSuccess'),
      ),
    );
    expect(answering.flatMap(([, r]) => r.Properties?.Roles as unknown[]).sort(byJson)).toEqual(
      [{ Ref: roleOf('sirp-alpha-approval') }, { Ref: roleOf('sirp-alpha-steps') }].sort(byJson),
    );
  });
});
