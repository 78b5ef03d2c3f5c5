import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../../core/errors/sirp-error';
import { chainEntry, type TimelineDraft, type TimelineEntry, TimelineEntrySchema } from '../../core/timeline/timeline-entry';
import { keys } from '../../core/table/table-shape';
import { BoundedMap } from '../shared/bounded-map';
import { isConditionFailed } from './dynamodb-errors';
import { queryIncidentItems } from './incident-items';

/** Timelines remembered per container (see `TimelineStore.tails`). */
const TAILS_LIMIT = 1000;

/**
 * The hash-chained timeline of an incident. An entry is written only if its
 * sequence number is free, so two writers can never fork the chain: the loser
 * re-reads the tail and chains after the winner.
 *
 * Commit points. The embedded store has no transactions, so a step that
 * changes state and records it makes two writes. The state write (the
 * incident record's or the draft's conditional, versioned update) is the
 * commit point; the timeline entry follows it. A crash between the two is
 * repaired by running the step again (a resumed workflow does): steps append
 * with `appendOnce` and a key derived from the committed state, so the entry
 * is written if it is missing and never twice.
 */
export class TimelineStore {
  /**
   * The tail of each timeline this store last read or wrote: an append chains
   * after it without reading first. A tail that is no longer the last entry
   * finds its successor's sequence number taken, and the append reads again.
   */
  private readonly tails = new BoundedMap<TimelineEntry>(TAILS_LIMIT);

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly key: () => Promise<string>,
  ) {}

  async append(incidentId: string, draft: TimelineDraft, at: string, attempts = 8): Promise<TimelineEntry> {
    return (await this.put(incidentId, draft, at, attempts, undefined)).entry;
  }

  /**
   * The first entry of a timeline, for the caller that has just created its
   * incident: chained after nothing without reading first. Should an entry be
   * there after all, it is appended after the last one, like `append`.
   */
  async begin(incidentId: string, draft: TimelineDraft, at: string): Promise<TimelineEntry> {
    return (await this.put(incidentId, draft, at, 8, undefined, null)).entry;
  }

  /**
   * Appends the entry unless one with the same `once` key is already on the
   * timeline (the key is kept in `data.once`, under the hash). For steps that
   * may run again after a crash, or twice at once (a task retried after a
   * timeout while the first attempt still runs): see the class comment.
   */
  async appendOnce(incidentId: string, once: string, draft: TimelineDraft, at: string): Promise<{ readonly entry: TimelineEntry; readonly appended: boolean }> {
    const existing = (await this.list(incidentId)).find((entry) => entry.data.once === once);
    if (existing !== undefined) return { entry: existing, appended: false };
    return this.put(incidentId, { ...draft, data: { ...draft.data, once } }, at, 8, once);
  }

  /** `tail`: what the caller knows is the last entry (null: none), instead of what this store remembers. */
  private async put(
    incidentId: string,
    draft: TimelineDraft,
    at: string,
    attempts: number,
    once: string | undefined,
    tail: TimelineEntry | null | undefined = this.tails.get(incidentId),
  ): Promise<{ entry: TimelineEntry; appended: boolean }> {
    const key = await this.key();
    for (let attempt = 1; ; attempt += 1) {
      const previous = attempt === 1 && tail !== undefined ? tail : await this.last(incidentId);
      // Lost a race to a twin of this step: its entry is ours.
      if (once !== undefined && previous?.data.once === once) return { entry: previous, appended: false };
      const entry = chainEntry(key, incidentId, previous, draft, at);
      try {
        await this.db.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...keys.timelineEntry(incidentId, entry.seq), ...entry },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        this.remember(incidentId, entry);
        return { entry, appended: true };
      } catch (error) {
        this.tails.delete(incidentId);
        if (!isConditionFailed(error)) throw error;
        if (attempt >= attempts) throw new ConflictError(`timeline of ${incidentId} is too busy: gave up after ${attempts} attempts`);
      }
    }
  }

  /** Oldest first. */
  async list(incidentId: string): Promise<TimelineEntry[]> {
    const entries = (await this.records(incidentId)).map((item) => TimelineEntrySchema.parse(item));
    const tail = entries.at(-1);
    if (tail !== undefined) this.remember(incidentId, tail);
    return entries;
  }

  /** The raw items, oldest first, for verification: a tampered item may not even parse. */
  async records(incidentId: string): Promise<Record<string, unknown>[]> {
    return (await queryIncidentItems(this.db, this.tableName, incidentId, keys.timelinePrefix)).map(({ pk: _pk, sk: _sk, ...item }) => item);
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

  /** Keeps the later tail: a slow read must not undo a write. */
  private remember(incidentId: string, tail: TimelineEntry): void {
    const known = this.tails.get(incidentId);
    if (known === undefined || known.seq <= tail.seq) this.tails.set(incidentId, tail);
  }
}
