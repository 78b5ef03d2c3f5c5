import { z } from 'zod';
import type { SignalResource } from '../signal.schema';

/** Helpers the source normalizers share. Pure: no clock, no I/O. */

export type Tags = Record<string, string>;

/** GuardDuty and EC2 style `[{ key, value }]` tags as a record (a later duplicate key does not override). */
export function tagsFromList(list: readonly { readonly key: string; readonly value: string }[] | undefined): Tags {
  const tags: Tags = {};
  for (const { key, value } of list ?? []) {
    if (!Object.hasOwn(tags, key)) tags[key] = value;
  }
  return tags;
}

/** All resources' tags in one record; the first resource wins a conflicting key. */
export function mergedTags(resources: readonly SignalResource[]): Tags {
  const tags: Tags = {};
  for (const resource of resources) {
    for (const [key, value] of Object.entries(resource.tags)) {
      if (!Object.hasOwn(tags, key)) tags[key] = value;
    }
  }
  return tags;
}

/** Drops resources that repeat an earlier `type` + `id`. */
export function uniqueResources(resources: readonly SignalResource[]): SignalResource[] {
  const seen = new Set<string>();
  return resources.filter((resource) => {
    const key = JSON.stringify([resource.type, resource.id]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const IsoWithOffset = z.iso.datetime({ offset: true });

/**
 * An AWS timestamp as ISO 8601 UTC, or undefined when it is not one. CloudWatch
 * writes `2019-10-02T17:04:40.989+0000` (no colon in the offset); EventBridge
 * and SNS write `2019-10-02T17:04:40Z`.
 */
export function toIsoTime(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const withColon = text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  return IsoWithOffset.safeParse(withColon).success ? new Date(withColon).toISOString() : undefined;
}

/** The partition of a region code (`cn-north-1` is in `aws-cn`). */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** `iam.amazonaws.com` + `CreateAccessKey` = `iam:CreateAccessKey`, the IAM action form. */
export function actionOf(eventSource: string, eventName: string): string {
  return `${eventSource.replace(/\.amazonaws\.com$/, '')}:${eventName}`;
}

/** Caps free text from a source (titles, reasons) so one signal stays small. */
export function clip(text: string, max = 500): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
