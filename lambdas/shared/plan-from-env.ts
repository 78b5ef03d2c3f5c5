import { type Plan, PlanSchema } from '../../core/plan/plan.schema';

let cached: Plan | undefined;

/**
 * The organization plan, validated. In AWS, esbuild writes the plan's JSON
 * into the bundle through `define` (env vars are capped at 4 KB, a plan is
 * bigger); the embedded runtime sets the same variable. Read literally as
 * `process.env.SIRP_PLAN_JSON` so that `define` can replace it.
 */
export function planFromEnv(): Plan {
  if (cached !== undefined) return cached;
  const json = process.env.SIRP_PLAN_JSON;
  if (json === undefined || json === '') throw new Error('SIRP_PLAN_JSON is not set: the function was built without its plan');
  cached = PlanSchema.parse(JSON.parse(json));
  return cached;
}
