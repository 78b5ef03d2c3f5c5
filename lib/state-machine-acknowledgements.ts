import type { IConstruct } from 'constructs';
import { acknowledge } from './acknowledgements';
import type { AslUsage } from './asl-usage';
import { acknowledgeGrantPolicy, acknowledgeKeyGrants } from './nag-findings';

/** The findings of a state machine's role, acknowledged on its construct. */
export function acknowledgeStateMachineRole(scope: IConstruct, usage: AslUsage): void {
  acknowledge(
    scope,
    'AwsSolutions-IAM5[Resource::*]',
    'Only log delivery (logs:CreateLogDelivery, GetLogDelivery, UpdateLogDelivery, DeleteLogDelivery, ListLogDeliveries, ' +
      'PutResourcePolicy, DescribeResourcePolicies, DescribeLogGroups) and X-Ray (PutTraceSegments, PutTelemetryRecords, ' +
      'GetSamplingRules, GetSamplingTargets) are on "*": AWS supports no resource-level permissions for them. ' +
      'A unit test fails on any other action on "*".',
  );
  // Table and topic grants bring the key's data-key actions with them.
  if (usage.publishedTopics.size > 0 || usage.tableActions.size > 0) acknowledgeKeyGrants(scope);
  acknowledgeGrantPolicy(scope);
}
