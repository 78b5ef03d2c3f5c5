import { z } from 'zod';
import { correlationKey, guardDutyFindingIdFromArn } from '../correlation';
import { eventBridgeEvent } from '../envelopes';
import { SeverityLabel, type Signal, type SignalResource, type SignalState } from '../signal.schema';
import { clip, mergedTags } from './shared';

/**
 * "Security Hub Findings - Imported" from `aws.securityhub` (Security Hub CSPM):
 * `detail.findings` holds findings in the AWS Security Finding Format (ASFF).
 * Every finding becomes one signal. Workflow, record and compliance statuses
 * are read as strings and interpreted when known: a value AWS adds later must
 * not drop a finding on the floor.
 */

const AsffResource = z.object({
  Type: z.string().min(1),
  Id: z.string().min(1),
  Partition: z.string().optional(),
  Region: z.string().optional(),
  Tags: z.record(z.string(), z.string()).optional(),
});

export const AsffFinding = z.object({
  SchemaVersion: z.string(),
  Id: z.string().min(1),
  ProductArn: z.string().min(1),
  GeneratorId: z.string().min(1),
  AwsAccountId: z.string().min(1),
  Types: z.array(z.string()),
  CreatedAt: z.string(),
  UpdatedAt: z.string(),
  Severity: z
    .object({
      Label: SeverityLabel.optional(),
      Normalized: z.number().min(0).max(100).optional(),
      Product: z.number().optional(),
      Original: z.string().optional(),
    })
    .refine((s) => s.Label !== undefined || s.Normalized !== undefined, 'needs a Label or a Normalized score'),
  Title: z.string().min(1),
  Description: z.string(),
  Region: z.string().optional(),
  ProductName: z.string().optional(),
  ProductFields: z.record(z.string(), z.string()).optional(),
  Resources: z.tuple([AsffResource], AsffResource),
  Workflow: z.object({ Status: z.string() }).optional(),
  RecordState: z.string().optional(),
  Compliance: z.object({ Status: z.string().optional() }).optional(),
});
export type AsffFinding = z.infer<typeof AsffFinding>;

export const SecurityHubFindingsEvent = eventBridgeEvent(z.object({ findings: z.array(AsffFinding).min(1) })).extend({
  'detail-type': z.literal('Security Hub Findings - Imported'),
  source: z.literal('aws.securityhub'),
});
export type SecurityHubFindingsEvent = z.infer<typeof SecurityHubFindingsEvent>;

/**
 * Archived at the source (record archived, or suppressed by an analyst) beats
 * resolved (workflow resolved, or the control now passes); anything else fires.
 */
function findingState(finding: AsffFinding): SignalState {
  if (finding.RecordState === 'ARCHIVED' || finding.Workflow?.Status === 'SUPPRESSED') return 'archived';
  if (finding.Workflow?.Status === 'RESOLVED' || finding.Compliance?.Status === 'PASSED') return 'resolved';
  return 'firing';
}

const GUARDDUTY_PRODUCT = /:product\/aws\/guardduty$/;
const SECURITYHUB_GUARDDUTY_ID = /:product\/aws\/guardduty\/(arn:.+)$/;

/**
 * The original GuardDuty finding id when this finding is GuardDuty's copy: its
 * `Id` is the GuardDuty finding ARN, or (for a copy whose `Id` was rewritten)
 * `ProductFields["aws/securityhub/FindingId"]` ends with it.
 */
export function guardDutyOrigin(finding: AsffFinding): string | undefined {
  const fromId = guardDutyFindingIdFromArn(finding.Id);
  if (fromId !== undefined || !GUARDDUTY_PRODUCT.test(finding.ProductArn)) return fromId;
  const securityHubId = finding.ProductFields?.['aws/securityhub/FindingId'] ?? '';
  const embeddedArn = SECURITYHUB_GUARDDUTY_ID.exec(securityHubId)?.[1];
  return embeddedArn === undefined ? undefined : guardDutyFindingIdFromArn(embeddedArn);
}

function findingResources(finding: AsffFinding): SignalResource[] {
  return finding.Resources.map((r) => ({
    type: r.Type,
    id: r.Id,
    arn: r.Id.startsWith('arn:') ? r.Id : undefined,
    tags: r.Tags ?? {},
  }));
}

/** The finding's type for `kind`: the last part of its first ASFF type, or its generator when it has no type. */
function findingType(finding: AsffFinding): string {
  const [first] = finding.Types;
  return first === undefined ? finding.GeneratorId : first.slice(first.lastIndexOf('/') + 1);
}

/** The envelope with just one finding: replayable on its own, and a batch is not stored N times. */
function rawForFinding(raw: unknown, index: number): unknown {
  // The schema accepted `raw`, so it has this shape; every other key is kept as AWS sent it.
  const event = raw as Record<string, unknown> & { readonly detail: Record<string, unknown> & { readonly findings: readonly unknown[] } };
  return { ...event, detail: { ...event.detail, findings: [event.detail.findings[index]] } };
}

function findingSignal(event: SecurityHubFindingsEvent, finding: AsffFinding, index: number, raw: unknown): Signal {
  const resources = findingResources(finding);
  const fromGuardDuty = guardDutyOrigin(finding);
  const attributes: Record<string, string> = { generatorId: finding.GeneratorId };
  if (finding.ProductName !== undefined) attributes.productName = finding.ProductName;
  return {
    eventId: `${event.id}#${index}`,
    source: 'securityhub',
    kind: `finding/${findingType(finding)}`,
    state: findingState(finding),
    title: clip(finding.Title),
    description: clip(finding.Description, 2000),
    resources,
    account: finding.AwsAccountId,
    region: finding.Region ?? finding.Resources[0].Region ?? event.region,
    time: new Date(event.time).toISOString(),
    severityInput: {
      // A GuardDuty copy keeps GuardDuty's own score in Severity.Product.
      findingSeverity: fromGuardDuty === undefined ? undefined : finding.Severity.Product,
      label: finding.Severity.Label,
      normalized: finding.Severity.Normalized,
      tags: mergedTags(resources),
      attributes,
    },
    identity: finding.Id,
    correlationKey:
      fromGuardDuty === undefined
        ? correlationKey({ kind: 'securityhub', findingId: finding.Id })
        : correlationKey({ kind: 'guardduty', findingId: fromGuardDuty }),
    raw: rawForFinding(raw, index),
  };
}

export function normalizeSecurityHubEvent(event: SecurityHubFindingsEvent, raw: unknown): Signal[] {
  return event.detail.findings.map((finding, index) => findingSignal(event, finding, index, raw));
}
