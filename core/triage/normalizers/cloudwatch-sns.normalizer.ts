import { z } from 'zod';
import type { SnsRecord } from '../envelopes';
import type { Signal } from '../signal.schema';
import { alarmSignal, AlarmStateValue, alarmTypeOf } from './alarm-signal';
import { regionCodeFromName } from './aws-regions';
import { describeValue } from '../../validation/zod-issues';
import { partitionOf, toIsoTime } from './shared';

/**
 * A CloudWatch alarm notification delivered by SNS to Lambda: the record's
 * `Message` is the alarm JSON as a string. Metric alarms carry `Trigger` (one
 * `MetricName`, or `Metrics` for metric math and anomaly detection); composite
 * alarms carry `AlarmRule`. `AlarmArn` is missing from older notifications, and
 * `Region` is a display name ("US East (N. Virginia)").
 */

const SnsDimension = z.object({ name: z.string(), value: z.string() });

export const SnsAlarmMessage = z.object({
  AlarmName: z.string().min(1),
  AlarmDescription: z.string().nullish(),
  AWSAccountId: z.string().min(1),
  NewStateValue: AlarmStateValue,
  NewStateReason: z.string().optional(),
  StateChangeTime: z.string().optional(),
  Region: z.string(),
  AlarmArn: z.string().optional(),
  OldStateValue: z.string().optional(),
  AlarmRule: z.string().optional(),
  Trigger: z
    .object({
      MetricName: z.string().nullish(),
      Namespace: z.string().nullish(),
      Dimensions: z.array(SnsDimension).nullish(),
      Metrics: z
        .array(
          z.object({
            Id: z.string().optional(),
            Expression: z.string().optional(),
            MetricStat: z
              .object({ Metric: z.object({ Dimensions: z.array(SnsDimension).nullish() }) })
              .optional(),
          }),
        )
        .nullish(),
    })
    .optional(),
});
export type SnsAlarmMessage = z.infer<typeof SnsAlarmMessage>;

/** True when a parsed SNS message looks like an alarm notification at all (then its schema applies). */
export function looksLikeAlarmMessage(message: unknown): boolean {
  return typeof message === 'object' && message !== null && 'AlarmName' in message && 'NewStateValue' in message;
}

const CLOUDWATCH_ALARM_ARN = /^arn:aws[a-z-]*:cloudwatch:[a-z0-9-]+:\d{12}:alarm:.+$/;
const SNS_TOPIC_REGION = /^arn:aws[a-z-]*:sns:([a-z0-9-]+):/;

export type SnsAlarmResult =
  | { readonly ok: true; readonly signal: Signal }
  | { readonly ok: false; readonly path: readonly string[]; readonly message: string };

/**
 * The signal for one SNS-delivered alarm notification. `raw` is the Lambda event
 * narrowed to this record. The alarm ARN is derived when the notification has
 * none, exactly as CloudWatch builds it, so the key matches the EventBridge one.
 */
export function normalizeSnsAlarm(message: SnsAlarmMessage, record: SnsRecord, raw: unknown): SnsAlarmResult {
  // Where the alarm lives: the region in its ARN when the notification has a
  // well-formed one, else the display name, else the topic's region (an alarm
  // action publishes to a topic in the alarm's own region).
  const givenArn =
    message.AlarmArn !== undefined && CLOUDWATCH_ALARM_ARN.test(message.AlarmArn) ? message.AlarmArn : undefined;
  const region =
    givenArn?.split(':')[3] ??
    regionCodeFromName(message.Region) ??
    SNS_TOPIC_REGION.exec(record.Sns.TopicArn)?.[1];
  if (region === undefined) {
    return { ok: false, path: ['Region'], message: `names no known AWS region (received ${describeValue(message.Region)})` };
  }
  const alarmArn =
    givenArn ?? `arn:${partitionOf(region)}:cloudwatch:${region}:${message.AWSAccountId}:alarm:${message.AlarmName}`;
  const trigger = message.Trigger;
  const metrics = trigger?.Metrics ?? [];
  const expressions = metrics.flatMap((m) => (m.Expression === undefined ? [] : [m.Expression]));
  const dimensions = [
    ...(trigger?.Dimensions ?? []),
    ...metrics.flatMap((m) => m.MetricStat?.Metric.Dimensions ?? []),
  ];
  return {
    ok: true,
    signal: alarmSignal({
      eventId: record.Sns.MessageId,
      alarmArn,
      alarmName: message.AlarmName,
      stateValue: message.NewStateValue,
      reason: message.NewStateReason,
      description: message.AlarmDescription ?? undefined,
      account: message.AWSAccountId,
      region,
      time: toIsoTime(message.StateChangeTime) ?? new Date(record.Sns.Timestamp).toISOString(),
      alarmType: alarmTypeOf(message.AlarmRule, expressions),
      dimensions,
      tags: {},
      raw,
    }),
  };
}
