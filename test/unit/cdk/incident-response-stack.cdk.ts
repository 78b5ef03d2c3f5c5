import type { Template } from 'aws-cdk-lib/assertions';
import { alphaPlan, bravoPlan } from './plans';
import { synthesize } from './synth';
import { findCycle, type TemplateResources } from './template-graph';

const { stacks, templates } = synthesize([alphaPlan, bravoPlan]);
const [alpha] = templates as [Template, Template];

describe('IncidentResponseStack', () => {
  it('is named sirp-<org> and deployed where the plan says', () => {
    expect(stacks.map((s) => s.stackName)).toEqual(['sirp-alpha', 'sirp-bravo']);
    expect(stacks[0]!.account).toBe('111111111111');
    expect(stacks[0]!.region).toBe('eu-west-1');
  });

  it('tags its resources with sirp:org', () => {
    alpha.hasResourceProperties('AWS::DynamoDB::Table', { Tags: [{ Key: 'sirp:org', Value: 'alpha' }] });
    alpha.hasResourceProperties('AWS::Lambda::Function', { Tags: [{ Key: 'sirp:org', Value: 'alpha' }] });
  });

  it('outputs the approval stage URL and the alarm topic an operator wires by hand', () => {
    alpha.hasOutput('ApprovalStageUrl', {});
    alpha.hasOutput('AlarmTopicArn', {});
  });

  it('finds the cycle of a template that has one (the check below can fail)', () => {
    const cyclic: TemplateResources = {
      Fn: { Properties: { Role: { 'Fn::GetAtt': ['Role', 'Arn'] } } },
      Role: { Properties: {}, DependsOn: 'Policy' },
      Policy: { Properties: { Resource: { Ref: 'Fn' } } },
    };
    expect(findCycle(cyclic)).toEqual(['Fn', 'Role', 'Policy', 'Fn']);
  });

  it('has no dependency cycle between its resources', () => {
    for (const template of templates) {
      expect(findCycle(template.toJSON().Resources as TemplateResources)).toBeUndefined();
    }
  });
});
