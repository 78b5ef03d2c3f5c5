import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import type { Plan } from '../../../core/plan/plan.schema';
import { IncidentResponseStack } from '../../../lib/incident-response-stack';
import { stackNameFor } from '../../../lib/names';

export interface Synthesized {
  readonly app: App;
  readonly stacks: readonly IncidentResponseStack[];
  readonly templates: readonly Template[];
}

/**
 * Builds one app with a stack per plan. Bundling is skipped (`aws:cdk:bundling-stacks`
 * empty): templates do not depend on bundle contents and esbuild costs seconds per
 * function; the app test covers real bundling once.
 */
export function synthesize(plans: readonly Plan[], options: { readonly nag?: boolean } = {}): Synthesized {
  const nag = options.nag === true;
  // Every CDK test runs in one jest suite (cdk.test.ts): the same plans synthesize once.
  const cached = SYNTHESIZED.find((s) => s.nag === nag && s.plans.length === plans.length && s.plans.every((p, i) => p === plans[i]));
  if (cached !== undefined) return cached.result;
  const result = build(plans, nag);
  SYNTHESIZED.push({ plans, nag, result });
  return result;
}

const SYNTHESIZED: { readonly plans: readonly Plan[]; readonly nag: boolean; readonly result: Synthesized }[] = [];

function build(plans: readonly Plan[], nag: boolean): Synthesized {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stacks = plans.map((plan) => new IncidentResponseStack(app, stackNameFor(plan.org), { plan }));
  if (nag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new NIST80053R5Checks(app));
  const templates = stacks.map((stack) => Template.fromStack(stack));
  return { app, stacks, templates };
}

/** The templates of `plans`, synthesized once (see `synthesize`), one per plan in order: no `undefined` to assert away. */
export function templatesOf<const P extends readonly Plan[]>(...plans: P): { readonly [K in keyof P]: Template } {
  const { templates } = synthesize(plans);
  if (templates.length !== plans.length) throw new Error(`expected ${plans.length} templates, got ${templates.length}`);
  return templates as unknown as { readonly [K in keyof P]: Template };
}
