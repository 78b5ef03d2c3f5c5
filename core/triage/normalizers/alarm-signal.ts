import { z } from 'zod';
import { correlationKey } from '../correlation';
import type { Signal, SignalResource, SignalState } from '../signal.schema';
import { clip, mergedTags, uniqueResources, type Tags } from './shared';

/**
 * What an alarm state change says, whichever way it arrived (EventBridge or SNS).
 * Both normalizers reduce their format to this, and one function makes the
 * signal: the same alarm gives the same identity, key and resources either way.
 */
export interface AlarmObservation {
  readonly eventId: string;
  readonly alarmArn: string;
  readonly alarmName: string;
  readonly stateValue: AlarmStateValue;
  readonly reason: string | undefined;
  readonly description: string | undefined;
  readonly account: string;
  readonly region: string;
  readonly time: string;
  readonly alarmType: AlarmType;
  readonly dimensions: readonly { readonly name: string; readonly value: string }[];
  readonly tags: Tags;
  readonly raw: unknown;
}

export const AlarmStateValue = z.enum(['ALARM', 'OK', 'INSUFFICIENT_DATA']);
export type AlarmStateValue = z.infer<typeof AlarmStateValue>;

export type AlarmType = 'metric' | 'metric-math' | 'anomaly-detection' | 'composite';

const STATE_OF: Readonly<Record<AlarmStateValue, SignalState>> = {
  ALARM: 'firing',
  OK: 'resolved',
  INSUFFICIENT_DATA: 'nodata',
};

/** The kind of alarm, from its rule or the expressions of its metrics. */
export function alarmTypeOf(alarmRule: string | undefined, expressions: readonly string[]): AlarmType {
  if (alarmRule !== undefined) return 'composite';
  if (expressions.some((e) => e.includes('ANOMALY_DETECTION_BAND'))) return 'anomaly-detection';
  return expressions.length > 0 ? 'metric-math' : 'metric';
}

export function alarmSignal(alarm: AlarmObservation): Signal {
  const alarmResource: SignalResource = {
    type: 'AwsCloudWatchAlarm',
    id: alarm.alarmName,
    arn: alarm.alarmArn,
    tags: alarm.tags,
  };
  // A metric dimension names what the alarm watches (InstanceId=i-...): the resource at risk.
  const watched = alarm.dimensions.map(
    (d): SignalResource => ({ type: `dimension:${d.name}`, id: d.value, tags: {} }),
  );
  const resources = uniqueResources([alarmResource, ...watched]);
  return {
    eventId: alarm.eventId,
    source: 'cloudwatch',
    kind: 'alarm',
    state: STATE_OF[alarm.stateValue],
    title: clip(`${alarm.stateValue}: ${alarm.alarmName}${alarm.description ? ` (${alarm.description})` : ''}`),
    description: alarm.reason === undefined ? undefined : clip(alarm.reason, 2000),
    resources,
    account: alarm.account,
    region: alarm.region,
    time: alarm.time,
    severityInput: {
      alarmName: alarm.alarmName,
      tags: mergedTags(resources),
      attributes: { alarmType: alarm.alarmType },
    },
    identity: alarm.alarmArn,
    correlationKey: correlationKey({ kind: 'alarm', alarmArn: alarm.alarmArn }),
    raw: alarm.raw,
  };
}
