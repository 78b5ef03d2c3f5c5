import { z } from 'zod';
import { correlationKey } from '../correlation';
import { eventBridgeEvent } from '../envelopes';
import type { Signal, SignalResource } from '../signal.schema';
import { clip, mergedTags, partitionOf, tagsFromList } from './shared';

/**
 * "GuardDuty Finding" from `aws.guardduty`: the detail is the finding exactly as
 * `GetFindings` returns it (GuardDuty API Reference, `Finding`). Required there:
 * accountId, arn, createdAt, id, region, resource, schemaVersion, severity,
 * type, updatedAt; title and service are optional.
 */

const GuardDutyTag = z.object({ key: z.string(), value: z.string() });

const GuardDutyResource = z.object({
  resourceType: z.string().optional(),
  instanceDetails: z
    .object({
      instanceId: z.string().min(1),
      tags: z.array(GuardDutyTag).optional(),
    })
    .optional(),
  accessKeyDetails: z
    .object({
      accessKeyId: z.string().optional(),
      principalId: z.string().optional(),
      userName: z.string().optional(),
      userType: z.string().optional(),
    })
    .optional(),
  s3BucketDetails: z
    .array(
      z.object({
        name: z.string().min(1),
        arn: z.string().optional(),
        type: z.string().optional(),
        tags: z.array(GuardDutyTag).optional(),
      }),
    )
    .optional(),
});

export const GuardDutyFindingDetail = z.object({
  schemaVersion: z.string(),
  accountId: z.string().min(1),
  region: z.string().min(1),
  partition: z.string().optional(),
  id: z.string().min(1),
  arn: z.string().min(1),
  type: z.string().min(1),
  resource: GuardDutyResource,
  service: z
    .object({
      archived: z.boolean().optional(),
      count: z.number().optional(),
      eventFirstSeen: z.string().optional(),
      eventLastSeen: z.string().optional(),
      additionalInfo: z.object({ sample: z.boolean().optional() }).optional(),
    })
    .optional(),
  severity: z.number().min(0).max(10),
  createdAt: z.string(),
  updatedAt: z.string(),
  title: z.string().optional(),
  description: z.string().optional(),
});
export type GuardDutyFindingDetail = z.infer<typeof GuardDutyFindingDetail>;

export const GuardDutyFindingEvent = eventBridgeEvent(GuardDutyFindingDetail).extend({
  'detail-type': z.literal('GuardDuty Finding'),
  source: z.literal('aws.guardduty'),
});
export type GuardDutyFindingEvent = z.infer<typeof GuardDutyFindingEvent>;

/** The resources a finding names, in ASFF type names so they read like Security Hub's. */
function findingResources(finding: GuardDutyFindingDetail): SignalResource[] {
  const { resource, accountId, region } = finding;
  const partition = finding.partition ?? partitionOf(region);
  const resources: SignalResource[] = [];
  if (resource.instanceDetails) {
    const { instanceId, tags } = resource.instanceDetails;
    resources.push({
      type: 'AwsEc2Instance',
      id: instanceId,
      arn: `arn:${partition}:ec2:${region}:${accountId}:instance/${instanceId}`,
      tags: tagsFromList(tags),
    });
  }
  const key = resource.accessKeyDetails;
  if (key?.accessKeyId) resources.push({ type: 'AwsIamAccessKey', id: key.accessKeyId, tags: {} });
  if (key?.userName) resources.push({ type: 'AwsIamUser', id: key.userName, tags: {} });
  for (const bucket of resource.s3BucketDetails ?? []) {
    resources.push({ type: 'AwsS3Bucket', id: bucket.name, arn: bucket.arn, tags: tagsFromList(bucket.tags) });
  }
  return resources;
}

export function normalizeGuardDutyEvent(event: GuardDutyFindingEvent, raw: unknown): Signal[] {
  const finding = event.detail;
  const resources = findingResources(finding);
  const attributes: Record<string, string> = {};
  if (finding.resource.resourceType) attributes.resourceType = finding.resource.resourceType;
  if (finding.service?.additionalInfo?.sample === true) attributes.sample = 'true';
  return [
    {
      eventId: event.id,
      source: 'guardduty',
      kind: `finding/${finding.type}`,
      state: finding.service?.archived === true ? 'archived' : 'firing',
      title: clip(finding.title ?? finding.type),
      description: finding.description === undefined ? undefined : clip(finding.description, 2000),
      resources,
      account: finding.accountId,
      region: finding.region,
      time: new Date(event.time).toISOString(),
      severityInput: {
        findingSeverity: finding.severity,
        tags: mergedTags(resources),
        attributes,
      },
      identity: finding.id,
      correlationKey: correlationKey({ kind: 'guardduty', findingId: finding.id }),
      raw,
    },
  ];
}
