import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../../core/errors/sirp-error';
import { chainEntry, type TimelineDraft, type TimelineEntry, TimelineEntrySchema } from '../../core/timeline/timeline-entry';
import { keys } from '../../core/table/table-shape';
import { isConditionFailed } from './dynamodb-errors';

/**
 * The hash-chained timeline of an incident. An entry is written only if its
 * sequence number is free, so two writers can never fork the chain: the loser
 * re-reads the tail and chains after the winner.
 */
export class TimelineStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly key: () => Promise<string>,
  ) {}

  async append(incidentId: string, draft: TimelineDraft, at: string, attempts = 8): Promise<TimelineEntry> {
    const key = await this.key();
    for (let attempt = 1; ; attempt += 1) {
      const previous = await this.last(incidentId);
      const entry = chainEntry(key, incidentId, previous, draft, at);
      try {
        await this.db.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...keys.timelineEntry(incidentId, entry.seq), ...entry },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return entry;
      } catch (error) {
        if (!isConditionFailed(error)) throw error;
        if (attempt >= attempts) throw new ConflictError(`timeline of ${incidentId} is too busy: gave up after ${attempts} attempts`);
      }
    }
  }

  /** Oldest first. */
  async list(incidentId: string): Promise<TimelineEntry[]> {
    const entries: TimelineEntry[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': keys.incident(incidentId).pk, ':prefix': keys.timelinePrefix },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) entries.push(TimelineEntrySchema.parse(item));
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    return entries;
  }

  private async last(incidentId: string): Promise<TimelineEntry | null> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.incident(incidentId).pk, ':prefix': keys.timelinePrefix },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    const [item] = Items;
    return item === undefined ? null : TimelineEntrySchema.parse(item);
  }
}
