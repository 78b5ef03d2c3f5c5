#!/usr/bin/env node
/**
 * The CDK app: one `sirp-<org>` stack per plan in `orgs/` (or only
 * `cdk synth -c org=<id>`), checked by cdk-nag (AWS Solutions and
 * NIST 800-53 rev 5) on every synth. `-c plansDir=<dir>` reads plans elsewhere.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import { IncidentResponseStack } from '../lib/incident-response-stack';
import { stackNameFor } from '../lib/names';
import { loadOrgPlans, PlanSelectionError } from '../lib/org-plans';

const app = new App();
const context = (key: string): string | undefined => {
  const value: unknown = app.node.tryGetContext(key);
  return typeof value === 'string' && value !== '' ? value : undefined;
};

try {
  const plans = loadOrgPlans({ dir: context('plansDir') ?? 'orgs', org: context('org') });
  for (const plan of plans) new IncidentResponseStack(app, stackNameFor(plan.org), { plan });
} catch (error) {
  if (!(error instanceof PlanSelectionError)) throw error;
  // A plan mistake is the operator's to fix: the message, not a stack trace.
  console.error(`sirp: ${error.message}`);
  process.exit(1);
}

Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new NIST80053R5Checks(app));
app.synth();
