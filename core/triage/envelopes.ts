import { z } from 'zod';

/**
 * The two envelopes that carry events to triage, as AWS documents them (the same
 * shapes as Powertools' `EventBridgeSchema` and `SnsSchema`, restated here
 * because `core/` depends on no Lambda library). Each source normalizer
 * extends one of them with its own `detail` or message.
 *
 * Objects strip unknown keys rather than rejecting them: AWS adds fields, and
 * the untouched event is kept in the signal's `raw`.
 */

/** `version,id,detail-type,source,account,time,region,resources,detail` of every EventBridge event. */
export const EventBridgeEnvelope = z.object({
  version: z.string(),
  id: z.string().min(1),
  'detail-type': z.string(),
  source: z.string(),
  account: z.string().min(1),
  time: z.iso.datetime({ offset: true }),
  region: z.string().min(1),
  resources: z.array(z.string()),
  detail: z.record(z.string(), z.unknown()),
  'replay-name': z.string().optional(),
});
export type EventBridgeEnvelope = z.infer<typeof EventBridgeEnvelope>;

/** The EventBridge envelope with a typed `detail`. */
export const eventBridgeEvent = <Detail extends z.ZodType>(detail: Detail) => EventBridgeEnvelope.extend({ detail });

export const SnsMessageAttribute = z.object({ Type: z.string(), Value: z.string() });

/** The `Sns` object of a record SNS delivers to Lambda. `Message` is the published text (often JSON as a string). */
export const SnsNotification = z.object({
  Type: z.string().optional(),
  MessageId: z.string().min(1),
  TopicArn: z.string().min(1),
  Subject: z.string().nullish(),
  Message: z.string(),
  Timestamp: z.iso.datetime({ offset: true }),
  MessageAttributes: z.record(z.string(), SnsMessageAttribute).optional(),
  SignatureVersion: z.string().optional(),
  Signature: z.string().optional(),
  SigningCertUrl: z.string().optional(),
  UnsubscribeUrl: z.string().optional(),
});
export type SnsNotification = z.infer<typeof SnsNotification>;

export const SnsRecord = z.object({
  EventSource: z.literal('aws:sns'),
  EventVersion: z.string(),
  EventSubscriptionArn: z.string(),
  Sns: SnsNotification,
});
export type SnsRecord = z.infer<typeof SnsRecord>;

/** `{ Records: [{ EventSource: 'aws:sns', Sns: {...} }] }`: SNS to Lambda. */
export const SnsEnvelope = z.object({ Records: z.array(SnsRecord).min(1) });
export type SnsEnvelope = z.infer<typeof SnsEnvelope>;
