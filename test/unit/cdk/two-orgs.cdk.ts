import type { Template } from 'aws-cdk-lib/assertions';
import { alphaPlan, bravoPlan } from './plans';
import { synthesize } from './synth';
import { identityStatements } from './template-queries';

// Same account and region on purpose: the worst case for collisions.
const { templates } = synthesize([alphaPlan, bravoPlan]);
const [alpha, bravo] = templates as [Template, Template];

/** Properties that set a physical name, by resource type. */
const NAME_PROPERTIES = ['TableName', 'TopicName', 'FunctionName', 'StateMachineName', 'LogGroupName', 'QueueName', 'Name', 'AliasName'];

const physicalNames = (template: Template): string[] =>
  Object.values(template.toJSON().Resources as Record<string, { Type: string; Properties?: Record<string, unknown> }>).flatMap((r) =>
    NAME_PROPERTIES.map((p) => r.Properties?.[p]).filter((v): v is string => typeof v === 'string').map((v) => `${r.Type} ${v}`),
  );

describe('two organizations in one account', () => {
  it('share no physical name', () => {
    const alphaNames = physicalNames(alpha);
    expect(alphaNames.length).toBeGreaterThan(20);
    expect(alphaNames.filter((n) => physicalNames(bravo).includes(n))).toEqual([]);
  });

  it("name every resource after their own org", () => {
    for (const [org, template] of [['alpha', alpha], ['bravo', bravo]] as const) {
      const foreign = physicalNames(template).filter((n) => !n.includes(`sirp-${org}`));
      expect(foreign).toEqual([]);
    }
  });

  it("grant nothing on the other org's resources", () => {
    for (const [other, template] of [['bravo', alpha], ['alpha', bravo]] as const) {
      const policies = JSON.stringify(identityStatements(template));
      expect(policies.includes(`sirp-${other}`)).toBe(false);
    }
  });

  it('import nothing from another stack', () => {
    for (const template of templates) expect(JSON.stringify(template.toJSON()).includes('Fn::ImportValue')).toBe(false);
  });
});
