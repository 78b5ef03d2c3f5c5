import type { z } from 'zod';
import { describeValue, firstIssue, formatPath, joinPath, ROOT_PATH, type IssueReason } from '../validation/zod-issues';
import { EventBridgeEnvelope, SnsEnvelope, type SnsRecord } from './envelopes';
import { guardInput, parseEventText } from './input-guard';
import { CLOUDTRAIL_DETAIL_TYPES, CloudTrailEvent, normalizeCloudTrailEvent } from './normalizers/cloudtrail.normalizer';
import { CloudWatchAlarmEvent, normalizeCloudWatchAlarmEvent } from './normalizers/cloudwatch-alarm.normalizer';
import { looksLikeAlarmMessage, normalizeSnsAlarm, SnsAlarmMessage } from './normalizers/cloudwatch-sns.normalizer';
import { GuardDutyFindingEvent, normalizeGuardDutyEvent } from './normalizers/guardduty.normalizer';
import { HealthEvent, normalizeHealthEvent } from './normalizers/health.normalizer';
import { normalizeSecurityHubEvent, SecurityHubFindingsEvent } from './normalizers/securityhub.normalizer';
import type { Signal } from './signal.schema';

export type NormalizeResult =
  | { readonly ok: true; readonly signals: Signal[] }
  | { readonly ok: false; readonly reason: IssueReason };

/** One kind of EventBridge event triage understands, and how to read it. */
interface Route {
  readonly detailTypes: readonly string[];
  readonly acceptsSource: (source: string) => boolean;
  readonly run: (raw: unknown, base: string) => NormalizeResult;
}

function route<Schema extends z.ZodType>(spec: {
  readonly detailTypes: readonly string[];
  readonly acceptsSource: (source: string) => boolean;
  readonly schema: Schema;
  readonly normalize: (event: z.infer<Schema>, raw: unknown) => Signal[];
}): Route {
  return {
    detailTypes: spec.detailTypes,
    acceptsSource: spec.acceptsSource,
    run: (raw, base) => {
      const parsed = spec.schema.safeParse(raw, { reportInput: true });
      return parsed.success
        ? { ok: true, signals: spec.normalize(parsed.data, raw) }
        : { ok: false, reason: firstIssue(parsed.error, base) };
    },
  };
}

const only =
  (expected: string) =>
  (source: string): boolean =>
    source === expected;

/** Event kinds by `detail-type` and `source`: adding a source is one row and one normalizer. */
const ROUTES: readonly Route[] = [
  route({
    detailTypes: ['CloudWatch Alarm State Change'],
    acceptsSource: only('aws.cloudwatch'),
    schema: CloudWatchAlarmEvent,
    normalize: normalizeCloudWatchAlarmEvent,
  }),
  route({
    detailTypes: ['GuardDuty Finding'],
    acceptsSource: only('aws.guardduty'),
    schema: GuardDutyFindingEvent,
    normalize: normalizeGuardDutyEvent,
  }),
  route({
    detailTypes: ['Security Hub Findings - Imported'],
    acceptsSource: only('aws.securityhub'),
    schema: SecurityHubFindingsEvent,
    normalize: normalizeSecurityHubEvent,
  }),
  route({
    detailTypes: ['AWS Health Event'],
    acceptsSource: only('aws.health'),
    schema: HealthEvent,
    normalize: normalizeHealthEvent,
  }),
  route({
    // CloudTrail events keep the source of the service called (aws.iam, aws.cloudtrail, aws.signin, ...).
    detailTypes: CLOUDTRAIL_DETAIL_TYPES,
    acceptsSource: (source) => source.startsWith('aws.'),
    schema: CloudTrailEvent,
    normalize: normalizeCloudTrailEvent,
  }),
];

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const fail = (path: string, message: string): NormalizeResult => ({ ok: false, reason: { path, message } });

function normalizeEventBridge(raw: unknown, base: string): NormalizeResult {
  const envelope = EventBridgeEnvelope.safeParse(raw, { reportInput: true });
  if (!envelope.success) return { ok: false, reason: firstIssue(envelope.error, base) };
  const { source, 'detail-type': detailType } = envelope.data;
  const match = ROUTES.find((r) => r.detailTypes.includes(detailType) && r.acceptsSource(source));
  if (match === undefined) {
    return fail(
      joinPath(base, 'source'),
      `unsupported event source ${describeValue(source)} / detail-type ${describeValue(detailType)}`,
    );
  }
  return match.run(raw, base);
}

/** A reason found inside a nested document, re-rooted under the path of the field that held it. */
function under(base: string, reason: IssueReason): IssueReason {
  if (reason.path === ROOT_PATH) return { path: base, message: reason.message };
  return { path: reason.path.startsWith('[') ? `${base}${reason.path}` : `${base}.${reason.path}`, message: reason.message };
}

/**
 * One SNS record: its `Message` is JSON text, parsed with the same limits as a
 * whole event. A CloudWatch alarm notification is the expected content; an
 * EventBridge event (a rule whose target is the topic) is read as that event,
 * and its signals keep the inner event as `raw`. Nothing else is accepted, so
 * an SNS envelope inside a message is refused rather than unwrapped again.
 */
function normalizeSnsRecord(record: SnsRecord, base: string, raw: unknown): NormalizeResult {
  const parsed = parseEventText(record.Sns.Message);
  if (!parsed.ok) return { ok: false, reason: under(base, parsed.reason) };
  const message = parsed.value;
  if (looksLikeAlarmMessage(message)) {
    const alarm = SnsAlarmMessage.safeParse(message, { reportInput: true });
    if (!alarm.success) return { ok: false, reason: firstIssue(alarm.error, base) };
    const result = normalizeSnsAlarm(alarm.data, record, raw);
    return result.ok ? { ok: true, signals: [result.signal] } : fail(formatPath(result.path, base), result.message);
  }
  if (isObject(message) && 'detail-type' in message && 'source' in message) {
    return normalizeEventBridge(message, base);
  }
  return fail(base, 'is not a CloudWatch alarm notification (it has no AlarmName and NewStateValue)');
}

function normalizeSns(raw: Record<string, unknown>): NormalizeResult {
  const envelope = SnsEnvelope.safeParse(raw, { reportInput: true });
  if (!envelope.success) return { ok: false, reason: firstIssue(envelope.error) };
  const rawRecords = raw.Records as readonly unknown[];
  const signals: Signal[] = [];
  for (const [index, record] of envelope.data.Records.entries()) {
    // Each signal keeps the Lambda event narrowed to its own record.
    const rawEvent = { ...raw, Records: [rawRecords[index]] };
    const result = normalizeSnsRecord(record, formatPath(['Records', index, 'Sns', 'Message']), rawEvent);
    if (!result.ok) return result;
    signals.push(...result.signals);
  }
  return { ok: true, signals };
}

/**
 * Turns one incoming event into signals: guards it, recognises the transport
 * (an SNS `Records` batch, or an EventBridge event by `source` and
 * `detail-type`) and runs that source's normalizer. A Security Hub batch gives
 * one signal per finding; everything else gives one.
 *
 * Rejections name the offending field, e.g.
 * `{ path: 'detail.findings[1].Severity.Label', message: 'Invalid option: ...' }`
 * or `{ path: 'source', message: 'unsupported event source "aws.foo" / detail-type "Foo"' }`.
 */
export function normalizeEvent(raw: unknown): NormalizeResult {
  const guarded = guardInput(raw);
  if (!guarded.ok) return guarded;
  return isObject(raw) && 'Records' in raw ? normalizeSns(raw) : normalizeEventBridge(raw, ROOT_PATH);
}
