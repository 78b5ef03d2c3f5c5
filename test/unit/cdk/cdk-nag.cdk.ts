import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import { alphaPlan, bravoPlan } from './plans';
import { synthesize } from './synth';

// Both plans: deletion protection on and off, with and without sensitive actions.
const { app } = synthesize([alphaPlan, bravoPlan], { nag: true });

const unacknowledged = (pack: AwsSolutionsChecks | NIST80053R5Checks) =>
  pack.validateScope(app).violations.flatMap((v) => v.violatingResources.map((r) => `${v.severity} ${v.ruleName} ${r.constructPath ?? ''}`));

describe('cdk-nag', () => {
  it('finds nothing unacknowledged in the AWS Solutions pack', () => {
    expect(unacknowledged(new AwsSolutionsChecks())).toEqual([]);
  });

  it('finds nothing unacknowledged in the NIST 800-53 rev 5 pack', () => {
    expect(unacknowledged(new NIST80053R5Checks())).toEqual([]);
  });

  it('lets the app synthesize with both packs registered as validation plugins', () => {
    expect(() => app.synth()).not.toThrow();
  });
});
