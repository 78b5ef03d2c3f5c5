import { z } from 'zod';
import { correlationKey } from '../correlation';
import { eventBridgeEvent } from '../envelopes';
import type { Signal, SignalResource } from '../signal.schema';
import { actionOf, clip } from './shared';

/**
 * "AWS API Call via CloudTrail" (source `aws.<service>`, e.g. `aws.iam`,
 * `aws.cloudtrail`) and "AWS Console Sign In via CloudTrail" (`aws.signin`):
 * the detail is a CloudTrail record ("CloudTrail record contents", CloudTrail
 * User Guide). Whether an action is sensitive is the plan's decision: every
 * call is an `info` signal carrying its `action` and outcome.
 */

export const CloudTrailDetail = z.object({
  eventVersion: z.string(),
  userIdentity: z.object({
    type: z.string().optional(),
    principalId: z.string().optional(),
    arn: z.string().optional(),
    accountId: z.string().optional(),
    userName: z.string().optional(),
  }),
  eventTime: z.string(),
  eventSource: z.string().min(1),
  eventName: z.string().min(1),
  awsRegion: z.string().min(1),
  sourceIPAddress: z.string().optional(),
  userAgent: z.string().optional(),
  errorCode: z.string().optional(),
  errorMessage: z.string().optional(),
  // A failed console sign-in says so here ({ ConsoleLogin: 'Failure' }) with no errorCode.
  responseElements: z.record(z.string(), z.unknown()).nullish(),
  additionalEventData: z.object({ MFAUsed: z.string().optional() }).nullish(),
  eventID: z.string().min(1),
  eventType: z.string().optional(),
  recipientAccountId: z.string().optional(),
  resources: z.array(z.object({ ARN: z.string().min(1), type: z.string().optional() })).optional(),
});
export type CloudTrailDetail = z.infer<typeof CloudTrailDetail>;

export const CLOUDTRAIL_DETAIL_TYPES = ['AWS API Call via CloudTrail', 'AWS Console Sign In via CloudTrail'] as const;

export const CloudTrailEvent = eventBridgeEvent(CloudTrailDetail).extend({
  'detail-type': z.enum(CLOUDTRAIL_DETAIL_TYPES),
  // EventBridge refuses `aws.*` sources from PutEvents, so this prefix means AWS sent it.
  source: z.string().startsWith('aws.'),
});
export type CloudTrailEvent = z.infer<typeof CloudTrailEvent>;

/**
 * Who acted, stably: `principalId` is the same in a user's successful and
 * failed sign-ins (a failed one has no ARN), the ARN or user name otherwise.
 */
function principalOf(identity: CloudTrailDetail['userIdentity']): string {
  return identity.principalId ?? identity.arn ?? identity.userName ?? identity.type ?? 'unknown';
}

function failed(detail: CloudTrailDetail): boolean {
  return detail.errorCode !== undefined || detail.responseElements?.ConsoleLogin === 'Failure';
}

export function normalizeCloudTrailEvent(event: CloudTrailEvent, raw: unknown): Signal[] {
  const { detail } = event;
  const action = actionOf(detail.eventSource, detail.eventName);
  const principal = principalOf(detail.userIdentity);
  const actor: SignalResource = {
    type: detail.userIdentity.type === 'Root' ? 'AwsAccountRoot' : 'AwsIamPrincipal',
    id: detail.userIdentity.arn ?? principal,
    arn: detail.userIdentity.arn,
    tags: {},
  };
  const touched = (detail.resources ?? []).map(
    (r): SignalResource => ({ type: r.type ?? 'Other', id: r.ARN, arn: r.ARN, tags: {} }),
  );
  const outcome = failed(detail) ? 'failure' : 'success';
  const attributes: Record<string, string> = { outcome };
  if (detail.userIdentity.type !== undefined) attributes.identityType = detail.userIdentity.type;
  if (detail.errorCode !== undefined) attributes.errorCode = detail.errorCode;
  if (detail.sourceIPAddress !== undefined) attributes.sourceIp = detail.sourceIPAddress;
  const mfa = detail.additionalEventData?.MFAUsed;
  if (mfa !== undefined) attributes.mfaUsed = mfa.toLowerCase();
  const signIn = event['detail-type'] === 'AWS Console Sign In via CloudTrail';
  return [
    {
      eventId: event.id,
      source: 'cloudtrail',
      kind: signIn ? 'console-signin' : 'api-call',
      state: 'info',
      title: clip(`${action} by ${detail.userIdentity.arn ?? principal}${outcome === 'failure' ? ' (failed)' : ''}`),
      description: detail.errorMessage === undefined ? undefined : clip(detail.errorMessage, 2000),
      resources: [actor, ...touched],
      account: detail.recipientAccountId ?? event.account,
      region: detail.awsRegion,
      time: new Date(event.time).toISOString(),
      severityInput: { action, tags: {}, attributes },
      identity: detail.eventID,
      correlationKey: correlationKey({
        kind: 'cloudtrail',
        account: detail.recipientAccountId ?? event.account,
        action,
        principal,
      }),
      raw,
    },
  ];
}
