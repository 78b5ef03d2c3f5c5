import { z } from 'zod';
import { correlationKey } from '../correlation';
import { eventBridgeEvent } from '../envelopes';
import type { Signal, SignalResource, SignalState } from '../signal.schema';
import { clip, mergedTags } from './shared';

/**
 * "AWS Health Event" from `aws.health` ("Reference: AWS Health events Amazon
 * EventBridge schema", AWS Health User Guide). Older events have no
 * `statusCode`; times are RFC 1123 text ("Sat, 05 Jun 2016 15:10:09 GMT") and
 * are not used: the signal's time is the envelope's.
 */

export const HealthEventDetail = z.object({
  eventArn: z.string().min(1),
  service: z.string().min(1),
  eventTypeCode: z.string().min(1),
  /** issue, accountNotification, scheduledChange, investigation (read as text: AWS adds categories). */
  eventTypeCategory: z.string().min(1),
  eventScopeCode: z.string().optional(),
  /** open, closed, upcoming. */
  statusCode: z.string().optional(),
  eventRegion: z.string().optional(),
  startTime: z.string().optional(),
  endTime: z.string().optional(),
  eventDescription: z.array(z.object({ language: z.string(), latestDescription: z.string() })).optional(),
  affectedEntities: z
    .array(
      z.object({
        entityValue: z.string().min(1),
        entityArn: z.string().optional(),
        tags: z.record(z.string(), z.string()).optional(),
      }),
    )
    .optional(),
  affectedAccount: z.string().optional(),
});
export type HealthEventDetail = z.infer<typeof HealthEventDetail>;

export const HealthEvent = eventBridgeEvent(HealthEventDetail).extend({
  'detail-type': z.literal('AWS Health Event'),
  source: z.literal('aws.health'),
});
export type HealthEvent = z.infer<typeof HealthEvent>;

/**
 * Closed is resolved. An open (or status-less) issue or investigation fires:
 * AWS says something is broken now. Notifications and scheduled changes are
 * information, for the plan to weigh.
 */
function healthState(detail: HealthEventDetail): SignalState {
  if (detail.statusCode === 'closed') return 'resolved';
  const broken = detail.eventTypeCategory === 'issue' || detail.eventTypeCategory === 'investigation';
  return broken && detail.statusCode !== 'upcoming' ? 'firing' : 'info';
}

const HEALTH_ARN_REGION = /^arn:aws[a-z-]*:health:([a-z0-9-]+):/;

export function normalizeHealthEvent(event: HealthEvent, raw: unknown): Signal[] {
  const { detail } = event;
  const resources: SignalResource[] = (detail.affectedEntities ?? []).map((entity) => ({
    type: `AwsHealthEntity:${detail.service}`,
    id: entity.entityValue,
    arn: entity.entityArn,
    tags: entity.tags ?? {},
  }));
  const description =
    detail.eventDescription?.find((d) => d.language.startsWith('en')) ?? detail.eventDescription?.[0];
  return [
    {
      eventId: event.id,
      source: 'health',
      kind: `health/${detail.eventTypeCategory}`,
      state: healthState(detail),
      title: clip(`AWS Health: ${detail.eventTypeCode} (${detail.service})`),
      description: description === undefined ? undefined : clip(description.latestDescription, 2000),
      resources,
      account: detail.affectedAccount ?? event.account,
      region: detail.eventRegion ?? HEALTH_ARN_REGION.exec(detail.eventArn)?.[1] ?? event.region,
      time: new Date(event.time).toISOString(),
      severityInput: {
        tags: mergedTags(resources),
        // PUBLIC: a service event in the region that may not touch this account; ACCOUNT_SPECIFIC: it does.
        attributes: { service: detail.service, eventTypeCode: detail.eventTypeCode, ...(detail.eventScopeCode === undefined ? {} : { scope: detail.eventScopeCode }) },
      },
      identity: detail.eventArn,
      correlationKey: correlationKey({ kind: 'health', eventArn: detail.eventArn }),
      raw,
    },
  ];
}
