import { readFileSync } from 'node:fs';
import { Match } from 'aws-cdk-lib/assertions';
import { aslPath, MACHINES, type MachineName } from '../../../core/workflow/workflow-names';
import { projectPath } from '../../../lib/project-paths';
import { alphaPlan } from './plans';
import { templatesOf } from './synth';
import { asArray, logicalIdByName, resourcesOf, type Statement, statementsOfRole } from './template-queries';

const [alpha] = templatesOf(alphaPlan);

/** Placeholders read straight from the file, independently of the construct's own parser. */
const placeholdersOf = (machine: MachineName): string[] =>
  [...new Set(Array.from(readFileSync(projectPath(aslPath(machine)), 'utf8').matchAll(/\$\{(\w+)\}/g), (m) => m[1]!))].sort();

const machine = (name: MachineName) => {
  const [, resource] = resourcesOf(alpha, 'AWS::StepFunctions::StateMachine').find(([, r]) => r.Properties?.StateMachineName === `sirp-alpha-${name}`)!;
  return resource.Properties!;
};

const roleStatements = (name: MachineName): Statement[] => {
  const roleArn = machine(name).RoleArn as { 'Fn::GetAtt': [string, string] };
  return statementsOfRole(alpha, roleArn['Fn::GetAtt'][0]);
};

const resourcesFor = (statements: Statement[], action: string): string[] =>
  statements.filter((s) => asArray(s.Action).includes(action)).flatMap((s) => asArray(s.Resource).map((r) => JSON.stringify(r)));

describe('PhaseStateMachine', () => {
  it('builds one STANDARD machine per ASL file', () => {
    alpha.resourceCountIs('AWS::StepFunctions::StateMachine', MACHINES.length);
    for (const name of MACHINES) expect(machine(name).StateMachineType).toBe('STANDARD');
  });

  it.each(MACHINES)('logs every %s event without execution data, and traces with X-Ray', (name) => {
    alpha.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineName: `sirp-alpha-${name}`,
      LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: false },
      TracingConfiguration: { Enabled: true },
    });
  });

  it.each(MACHINES)('substitutes every placeholder of %s.asl.json', (name) => {
    const substitutions = Object.keys(machine(name).DefinitionSubstitutions as Record<string, unknown>);
    const missing = placeholdersOf(name).filter((p) => !substitutions.includes(p));
    expect(missing).toEqual([]);
  });

  it.each(MACHINES)('lets %s invoke exactly the functions its ASL file names', (name) => {
    const expected = placeholdersOf(name)
      .filter((p) => p.endsWith('FunctionArn'))
      .map((p) => `sirp-alpha-${p.replace(/FunctionArn$/, '').toLowerCase()}`);
    const invoked = resourcesFor(roleStatements(name), 'lambda:InvokeFunction');
    const functionIds = expected.map((fn) => logicalIdByName(alpha, 'AWS::Lambda::Function', 'FunctionName', fn));
    const granted = resourcesOf(alpha, 'AWS::Lambda::Function')
      .map(([id]) => id)
      .filter((id) => invoked.some((r) => r.includes(`"${id}"`)));
    expect(granted.sort()).toEqual(functionIds.sort());
  });

  it.each(MACHINES)('lets %s start exactly the child machines its ASL file names', (name) => {
    const expected = placeholdersOf(name)
      .filter((p) => p.endsWith('StateMachineArn'))
      .map((p) => `sirp-alpha-${p.replace(/StateMachineArn$/, '').toLowerCase()}`);
    const started = resourcesFor(roleStatements(name), 'states:StartExecution').map((r) => /:stateMachine:([\w-]+)/.exec(r)?.[1] ?? r);
    expect(started.sort()).toEqual(expected.sort());
  });

  it('lets the incident machine follow .sync children through the Step Functions managed rule only', () => {
    const statements = roleStatements('incident');
    expect(resourcesFor(statements, 'events:PutRule')).toEqual([
      JSON.stringify({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':events:eu-west-1:111111111111:rule/StepFunctionsGetEventsForStepFunctionsExecutionRule']] }),
    ]);
    alpha.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['states:DescribeExecution', 'states:StopExecution'],
            Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':states:eu-west-1:111111111111:execution:sirp-alpha-alert:*']] },
          }),
        ]),
      },
    });
  });
});
