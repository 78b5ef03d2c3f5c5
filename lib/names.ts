import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

/**
 * Every physical name in an org stack starts with `sirp-<org>-`: two org stacks
 * in one account and region never collide, and an operator sees at a glance
 * which organization a resource belongs to.
 */
export const physicalName = (org: string, ...parts: readonly string[]): string => ['sirp', org, ...parts].join('-');

/** The stack name, also used as its construct id. */
export const stackNameFor = (org: string): string => physicalName(org);

/** Logs are incident evidence: a year covers the post-incident review and most audit cycles. */
export const LOG_RETENTION = RetentionDays.ONE_YEAR;

/** Data (table, key, logs) outlives the stack unless the plan says otherwise. */
export const removalPolicyFor = (deletionProtection: boolean): RemovalPolicy =>
  deletionProtection ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
