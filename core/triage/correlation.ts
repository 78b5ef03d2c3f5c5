import { createHash } from 'node:crypto';

/**
 * What makes two signals "about the same thing", per source. The key is derived
 * from it, so the same alarm over EventBridge and over SNS, or a GuardDuty
 * finding and its copy in Security Hub, land on one incident.
 */
export type CorrelationIdentity =
  | { readonly kind: 'alarm'; readonly alarmArn: string }
  | { readonly kind: 'guardduty'; readonly findingId: string }
  | { readonly kind: 'securityhub'; readonly findingId: string }
  | { readonly kind: 'health'; readonly eventArn: string }
  | { readonly kind: 'cloudtrail'; readonly account: string; readonly action: string; readonly principal: string }
  | { readonly kind: 'manual'; readonly id: string }
  /** The plan's grouping rule: signals of one kind about one resource (see `resource-group.ts`). */
  | { readonly kind: 'resource'; readonly signalKind: string; readonly resource: string };

function material(identity: CorrelationIdentity): readonly string[] {
  switch (identity.kind) {
    case 'alarm':
      return [identity.alarmArn];
    case 'guardduty':
    case 'securityhub':
      return [identity.findingId];
    case 'health':
      return [identity.eventArn];
    case 'cloudtrail':
      return [identity.account, identity.action, identity.principal];
    case 'manual':
      return [identity.id];
    case 'resource':
      return [identity.signalKind, identity.resource];
  }
}

/**
 * `<kind>:<sha256 hex>`, at most 76 characters whatever the input (ARNs run to
 * 2 KB; the key is a DynamoDB sort key and a log field). The hash covers the
 * kind and every part, JSON-encoded so `a:b` + `c` never equals `a` + `b:c`.
 *
 * @example
 * correlationKey({ kind: 'alarm', alarmArn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:ServerCpuTooHigh' })
 * // 'alarm:5b0c…' (64 hex digits)
 */
export function correlationKey(identity: CorrelationIdentity): string {
  const digest = createHash('sha256')
    .update(JSON.stringify([identity.kind, ...material(identity)]))
    .digest('hex');
  return `${identity.kind}:${digest}`;
}

const GUARDDUTY_FINDING_ARN = /^arn:aws[a-z-]*:guardduty:[a-z0-9-]+:\d{12}:detector\/[^/]+\/finding\/([^/]+)$/;

/**
 * The GuardDuty finding id inside a finding ARN
 * (`arn:aws:guardduty:<region>:<account>:detector/<detector>/finding/<id>`), or
 * undefined when the text is not one. A Security Hub copy carries this ARN as
 * its `Id`, and inside `ProductFields["aws/securityhub/FindingId"]`.
 */
export function guardDutyFindingIdFromArn(text: string): string | undefined {
  return GUARDDUTY_FINDING_ARN.exec(text)?.[1];
}
