import { alphaPlan } from './plans';
import { synthesize } from './synth';
import { asArray, identityStatements, resourcesOf, statementsOfRole } from './template-queries';

const [alpha] = synthesize([alphaPlan]).templates;

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
  Object.values(alpha!.toJSON().Resources as Record<string, { Properties?: Record<string, unknown> }>).flatMap((r) => {
    const doc = (r.Properties?.PolicyDocument ?? r.Properties?.KeyPolicy) as { Statement?: { Action: string | string[] }[] } | undefined;
    return doc?.Statement ?? [];
  });

describe('IAM', () => {
  it('grants no "*" action in any policy', () => {
    const statements = [...identityStatements(alpha!).map(([, s]) => s), ...allPolicyStatements()];
    expect(statements.length).toBeGreaterThan(20);
    expect(statements.filter((s) => asArray(s.Action).includes('*'))).toEqual([]);
  });

  it('puts only the X-Ray and log-delivery actions AWS requires on resource "*"', () => {
    const onStar = identityStatements(alpha!)
      .filter(([, s]) => asArray(s.Resource).includes('*'))
      .flatMap(([id, s]) => asArray(s.Action).map((action) => `${id}: ${action}`));
    expect(onStar.length).toBeGreaterThan(0);
    expect(onStar.filter((entry) => !STAR_ONLY_ACTIONS.has(entry.split(': ')[1]!))).toEqual([]);
  });

  const approvalRole = (
    resourcesOf(alpha!, 'AWS::Lambda::Function').find(([, r]) => r.Properties?.FunctionName === 'sirp-alpha-approval')![1].Properties!
      .Role as { 'Fn::GetAtt': [string] }
  )['Fn::GetAtt'][0];
  const byJson = (a: unknown, b: unknown) => JSON.stringify(a).localeCompare(JSON.stringify(b));

  it("lets the approval function answer callback tasks of this stack's machines only", () => {
    const machines = resourcesOf(alpha!, 'AWS::StepFunctions::StateMachine').map(([id]) => ({ Ref: id }));
    const taskResponses = statementsOfRole(alpha!, approvalRole).filter((s) =>
      asArray(s.Action).some((a) => a === 'states:SendTaskSuccess' || a === 'states:SendTaskFailure'),
    );
    expect(taskResponses.flatMap((s) => asArray(s.Resource)).sort(byJson)).toEqual(machines.sort(byJson));
  });

  it('lets no other role answer callback tasks', () => {
    const answering = resourcesOf(alpha!, 'AWS::IAM::Policy').filter(([, r]) =>
      (r.Properties?.PolicyDocument as { Statement: { Action: string | string[] }[] }).Statement.some((s) =>
        asArray(s.Action).includes('states:SendTaskSuccess'),
      ),
    );
    expect(answering.map(([, r]) => r.Properties?.Roles)).toEqual([[{ Ref: approvalRole }]]);
  });
});
