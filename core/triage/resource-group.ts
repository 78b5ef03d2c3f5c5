import { correlationKey } from './correlation';
import type { Signal, SignalResource } from './signal.schema';

/**
 * Sources whose identity already is the grouping: a CloudTrail key is the
 * account, the action and the principal; a declaration is its own problem.
 */
const UNGROUPED: ReadonlySet<Signal['source']> = new Set(['cloudtrail', 'manual']);

/** The resource at risk: the first one named that is not the alarm itself (an alarm's dimensions name what it watches). */
function primaryResource(resources: readonly SignalResource[]): SignalResource | undefined {
  return resources.find((r) => r.type !== 'AwsCloudWatchAlarm');
}

/**
 * The plan's grouping rule, "signals of the same kind on the same resource
 * within the correlation window join one incident", as a second correlation
 * key: two CloudWatch alarms on one instance, two Health issues of one
 * entity, one GuardDuty finding type updated under a new id on one bucket.
 * Undefined when the signal names no resource to group on.
 *
 * @example
 * resourceGroupKey(signal) // 'resource:3f1c…' for kind 'alarm' on InstanceId i-1234567890abcdef0
 */
export function resourceGroupKey(signal: Pick<Signal, 'source' | 'kind' | 'resources'>): string | undefined {
  if (UNGROUPED.has(signal.source)) return undefined;
  const resource = primaryResource(signal.resources);
  if (resource === undefined) return undefined;
  return correlationKey({ kind: 'resource', signalKind: signal.kind, resource: resource.arn ?? `${resource.type}/${resource.id}` });
}
