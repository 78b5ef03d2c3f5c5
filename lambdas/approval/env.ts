import { z } from 'zod';
import { ValidationError } from '../../core/errors/sirp-error';

/** The approval function's environment. The plan comes from `SIRP_PLAN_JSON` (see `lambdas/shared/plan-from-env.ts`). */
export const ApprovalEnvSchema = z.object({
  TABLE_NAME: z.string().min(1),
  /** The link-signing secret; its AWSCURRENT and AWSPREVIOUS versions verify links. */
  SIGNING_SECRET_ARN: z.string().min(1),
  /** The timeline's HMAC key: an acknowledgement is recorded on the incident's hash-chained timeline. */
  TIMELINE_SECRET_ARN: z.string().min(1),
  /** Where re-issued links point when it is not the plan's `approvals.baseUrl` (the stack's API URL, the runtime's address). */
  APPROVAL_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
});
export type ApprovalEnv = z.infer<typeof ApprovalEnvSchema>;

/** Validates the environment once; a missing variable fails with its name. */
export function loadApprovalEnv(env: Readonly<Record<string, string | undefined>> = process.env): ApprovalEnv {
  const result = ApprovalEnvSchema.safeParse(env);
  if (!result.success) {
    throw new ValidationError(result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })));
  }
  return result.data;
}
