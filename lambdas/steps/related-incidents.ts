import { createHash } from 'node:crypto';
import { BatchWriteCommand, type BatchWriteCommandOutput, type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { IncidentResource } from '../../core/incident/incident.schema';
import { keys, type RelatedKind } from '../../core/table/table-shape';

/** What an incident is filed under: each resource it names and its problem (correlation key). */
export interface RelatedSubject {
  readonly id: string;
  readonly createdAt: string;
  readonly correlationKey: string;
  readonly resources: readonly Pick<IncidentResource, 'type' | 'id'>[];
}

/** BatchWriteItem's own limit. */
const BATCH = 25;
/** Rounds of UnprocessedItems (throttling) before the caller's retry takes over. */
const MAX_BATCH_ROUNDS = 5;
/** Sorts after every incident id: "created at or before this instant" as one key condition. */
const AFTER_ANY_ID = '\uffff';

const digest = (text: string): string => createHash('sha256').update(text).digest('hex');

function partitions(subject: Pick<RelatedSubject, 'correlationKey' | 'resources'>): { kind: RelatedKind; digest: string }[] {
  const resources = new Set(subject.resources.map((r) => digest(`${r.type}|${r.id}`)));
  return [{ kind: 'problem', digest: digest(subject.correlationKey) }, ...[...resources].map((d) => ({ kind: 'resource' as const, digest: d }))];
}

/**
 * "Earlier incidents on the same resources or the same problem", by key: each
 * incident is filed under small per-resource and per-problem collections
 * (`REL#<kind>#<digest> / <createdAt>#<id>`), and the lookup is one Query per
 * key, newest first, however many incidents the table holds. It replaced a
 * read of up to 200 incidents of each status per Alert.
 */
export class RelatedIncidents {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Files the incident under its keys. Writing the same pointer again changes nothing: safe to run twice. */
  async file(subject: RelatedSubject): Promise<void> {
    const items = partitions(subject).map((p) => ({ PutRequest: { Item: { ...keys.related(p.kind, p.digest, subject.createdAt, subject.id), incidentId: subject.id } } }));
    for (let i = 0; i < items.length; i += BATCH) {
      let pending: Record<string, unknown>[] | undefined = items.slice(i, i + BATCH);
      for (let round = 0; pending !== undefined && pending.length > 0; round += 1) {
        if (round >= MAX_BATCH_ROUNDS) throw new Error(`related pointers of ${subject.id}: ${pending.length} left unprocessed after ${MAX_BATCH_ROUNDS} rounds`);
        const out: BatchWriteCommandOutput = await this.db.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: pending } }));
        pending = out.UnprocessedItems?.[this.tableName];
      }
    }
  }

  /** Up to `limit` incidents filed under any of the subject's keys and created no later than it, newest first. */
  async earlier(subject: RelatedSubject, limit: number): Promise<string[]> {
    const upTo = `${subject.createdAt}#${AFTER_ANY_ID}`;
    const pages = await Promise.all(
      partitions(subject).map((p) =>
        this.db.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: 'pk = :pk AND sk <= :upTo',
            ExpressionAttributeValues: { ':pk': keys.relatedPartition(p.kind, p.digest), ':upTo': upTo },
            ScanIndexForward: false,
            // One more than asked: the subject itself may be among them.
            Limit: limit + 1,
          }),
        ),
      ),
    );
    const found = new Map<string, string>();
    for (const item of pages.flatMap((page) => page.Items ?? [])) {
      const sk = String(item.sk);
      const id = String(item.incidentId);
      if (id !== subject.id) found.set(id, sk);
    }
    return [...found.entries()].sort((a, b) => b[1].localeCompare(a[1])).slice(0, limit).map(([id]) => id);
  }
}
