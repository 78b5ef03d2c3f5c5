import { z } from 'zod';
import { eventBridgeEvent } from '../envelopes';
import type { Signal } from '../signal.schema';
import { alarmSignal, AlarmStateValue, alarmTypeOf } from './alarm-signal';
import { toIsoTime } from './shared';

/**
 * "CloudWatch Alarm State Change" from `aws.cloudwatch`, as documented in
 * "Alarm events and EventBridge" (CloudWatch User Guide): single metric,
 * metric math, anomaly detection and composite alarms share one shape; a
 * composite alarm has `configuration.alarmRule` instead of `metrics`.
 */

const AlarmState = z.object({
  value: AlarmStateValue,
  reason: z.string().optional(),
  reasonData: z.string().optional(),
  timestamp: z.string().optional(),
});

const AlarmMetric = z.object({
  id: z.string(),
  expression: z.string().optional(),
  label: z.string().optional(),
  returnData: z.boolean().optional(),
  metricStat: z
    .object({
      metric: z.object({
        namespace: z.string().optional(),
        name: z.string().optional(),
        dimensions: z.record(z.string(), z.string()).optional(),
      }),
      period: z.number().optional(),
      stat: z.string().optional(),
    })
    .optional(),
});

export const CloudWatchAlarmDetail = z.object({
  alarmName: z.string().min(1),
  state: AlarmState,
  previousState: AlarmState.optional(),
  configuration: z
    .object({
      description: z.string().optional(),
      metrics: z.array(AlarmMetric).optional(),
      alarmRule: z.string().optional(),
    })
    .optional(),
  /** Present when the alarm has tag propagation enabled. */
  alarmTags: z.record(z.string(), z.string()).optional(),
});

const ALARM_ARN = /^arn:aws[a-z-]*:cloudwatch:[a-z0-9-]+:\d{12}:alarm:.+$/;

export const CloudWatchAlarmEvent = eventBridgeEvent(CloudWatchAlarmDetail).extend({
  'detail-type': z.literal('CloudWatch Alarm State Change'),
  source: z.literal('aws.cloudwatch'),
  // The alarm's ARN is the first resource: the identity of the alarm across transports.
  resources: z.tuple([z.string().regex(ALARM_ARN, 'must be a CloudWatch alarm ARN')], z.string()),
});
export type CloudWatchAlarmEvent = z.infer<typeof CloudWatchAlarmEvent>;

export function normalizeCloudWatchAlarmEvent(event: CloudWatchAlarmEvent, raw: unknown): Signal[] {
  const { detail } = event;
  const metrics = detail.configuration?.metrics ?? [];
  const expressions = metrics.flatMap((m) => (m.expression === undefined ? [] : [m.expression]));
  const dimensions = metrics.flatMap((m) =>
    Object.entries(m.metricStat?.metric.dimensions ?? {}).map(([name, value]) => ({ name, value })),
  );
  return [
    alarmSignal({
      eventId: event.id,
      alarmArn: event.resources[0],
      alarmName: detail.alarmName,
      stateValue: detail.state.value,
      reason: detail.state.reason,
      description: detail.configuration?.description,
      account: event.account,
      region: event.region,
      time: toIsoTime(detail.state.timestamp) ?? new Date(event.time).toISOString(),
      alarmType: alarmTypeOf(detail.configuration?.alarmRule, expressions),
      dimensions,
      tags: detail.alarmTags ?? {},
      raw,
    }),
  ];
}
