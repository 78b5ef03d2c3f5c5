import { z } from 'zod';
import { SeveritySchema } from '../incident/severity';

/**
 * A signal is one normalized observation from one source: an alarm that changed
 * state, a finding, a Health event, an API call, a human declaration. Triage
 * turns signals into incidents; every source-specific detail it needs is here,
 * and the original event is kept in `raw` for the timeline.
 */

export const SignalSource = z.enum(['cloudwatch', 'guardduty', 'securityhub', 'health', 'cloudtrail', 'manual']);
export type SignalSource = z.infer<typeof SignalSource>;

/**
 * - `firing`: something is wrong now (ALARM, an active finding, an open Health issue).
 * - `resolved`: the source says it is over (OK, RESOLVED, compliance PASSED, Health closed).
 * - `archived`: someone set it aside at the source (GuardDuty archived, ASFF ARCHIVED/SUPPRESSED).
 * - `nodata`: the source cannot tell (INSUFFICIENT_DATA). Opens nothing.
 * - `info`: an observation with no state of its own (an API call, a scheduled change); the plan decides.
 */
export const SignalState = z.enum(['firing', 'resolved', 'archived', 'nodata', 'info']);
export type SignalState = z.infer<typeof SignalState>;

/** ASFF severity labels; Security Hub and manual declarations use them as is. */
export const SeverityLabel = z.enum(['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL']);
export type SeverityLabel = z.infer<typeof SeverityLabel>;

const Tags = z.record(z.string(), z.string());

export const SignalResource = z.object({
  /** ASFF resource type where one exists (`AwsEc2Instance`, `AwsIamAccessKey`, `AwsS3Bucket`, `AwsCloudWatchAlarm`). */
  type: z.string().min(1),
  id: z.string().min(1),
  arn: z.string().optional(),
  tags: Tags,
});
export type SignalResource = z.infer<typeof SignalResource>;

/**
 * What the org plan's severity rules match on. The normalizers copy what the
 * source says and never decide a severity themselves.
 */
export const SeverityInput = z.object({
  /** A severity a person declared (`sirp declare --severity sev2`): it is the incident's, whatever the rules say. */
  declaredSeverity: SeveritySchema.optional(),
  /** GuardDuty's own 0-10 score (also `Severity.Product` of a GuardDuty finding copied into Security Hub). */
  findingSeverity: z.number().min(0).max(10).optional(),
  label: SeverityLabel.optional(),
  /** ASFF `Severity.Normalized`, 0-100. */
  normalized: z.number().min(0).max(100).optional(),
  alarmName: z.string().optional(),
  /** `<eventSource without .amazonaws.com>:<eventName>`, e.g. `iam:CreateAccessKey`, `signin:ConsoleLogin`. */
  action: z.string().optional(),
  /** Tags of the resources involved (the first resource wins a conflicting key). */
  tags: Tags,
  /**
   * Source facts a rule may need, as strings: `alarmType` (metric, metric-math,
   * anomaly-detection, composite), `outcome` (success, failure), `errorCode`,
   * `mfaUsed` (yes, no), `identityType`, `sourceIp`, `sample` (true for
   * GuardDuty sample findings), `eventTypeCode`, `service`, `scope` (Health's
   * eventScopeCode), `productName`.
   */
  attributes: Tags,
});
export type SeverityInput = z.infer<typeof SeverityInput>;

export const SignalSchema = z.object({
  /** Unique per delivered signal (the EventBridge event id, the SNS MessageId; `#n` per finding of a Security Hub batch). */
  eventId: z.string().min(1),
  source: SignalSource,
  /** `alarm`, `finding/<type>`, `health/<category>`, `api-call`, `console-signin`, `manual`. */
  kind: z.string().min(1),
  state: SignalState,
  title: z.string().min(1),
  /** Longer text from the source (state reason, finding description, Health description). */
  description: z.string().optional(),
  resources: z.array(SignalResource),
  account: z.string().min(1),
  region: z.string().min(1),
  /** When the observed change happened, ISO 8601 in UTC. */
  time: z.iso.datetime(),
  severityInput: SeverityInput,
  /** The source's own id: alarm ARN, GuardDuty finding id, ASFF Id, Health event ARN, CloudTrail eventID, manual id. */
  identity: z.string().min(1),
  /** Stable, bounded key: two signals about the same thing share it (see `correlation.ts`). */
  correlationKey: z.string().min(1).max(128),
  /** The event as received (for a Security Hub batch: the envelope with this one finding). */
  raw: z.unknown(),
});
export type Signal = z.infer<typeof SignalSchema>;
