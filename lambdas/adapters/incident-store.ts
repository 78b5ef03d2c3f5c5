import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../../core/errors/sirp-error';
import { type Incident, IncidentSchema, type IncidentStatus } from '../../core/incident/incident.schema';
import { collections, GSI1, keys } from '../../core/table/table-shape';
import { BoundedMap } from '../shared/bounded-map';
import { isConditionFailed } from './dynamodb-errors';

/** Incidents remembered per container: enough for every incident a runtime or a warm Lambda works on at once. */
const KNOWN_LIMIT = 1000;

/**
 * Incidents in the table. Every write is conditional: creation only if
 * absent, updates only if the version read is still the stored one.
 *
 * The store remembers the last version of each incident it read or wrote,
 * so that `update` can start from it instead of reading first: every write
 * of an incident bumps its version (this class is the only writer), so a
 * copy that is no longer current fails the condition and is read again.
 * Reads (`get`, `require`) always go to the table.
 */
export class IncidentStore {
  private readonly known = new BoundedMap<Incident>(KNOWN_LIMIT);

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Returns false when the incident already exists (a retry after a crash, or a lost race). */
  async create(incident: Incident): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: this.item(incident),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      this.remember(incident);
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  }

  async get(id: string): Promise<Incident | null> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.incident(id), ConsistentRead: true }));
    if (Item === undefined) return null;
    return this.remember(IncidentSchema.parse(Item));
  }

  /**
   * The last version of the incident this store saw, else the stored one: a
   * guess, for a caller that only needs what does not change (who is on
   * call, the title) and commits through `update`.
   */
  async peek(id: string): Promise<Incident> {
    return this.known.get(id) ?? this.require(id);
  }

  async require(id: string): Promise<Incident> {
    const incident = await this.get(id);
    if (incident === null) throw new ConflictError(`incident ${id} does not exist`);
    return incident;
  }

  /** Writes `next` only if the stored version is still `next.version - 1`. */
  async save(next: Incident): Promise<void> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: this.item(next),
          ConditionExpression: 'version = :expected',
          ExpressionAttributeValues: { ':expected': next.version - 1 },
        }),
      );
      this.remember(next);
    } catch (error) {
      this.known.delete(next.id);
      if (isConditionFailed(error)) throw new ConflictError(`incident ${next.id} changed since it was read (version ${next.version - 1})`);
      throw error;
    }
  }

  /**
   * Reads, changes and saves, re-reading when another writer got there first.
   * `change` must be a pure function of the incident it is given.
   */
  async update(id: string, change: (incident: Incident) => Incident, attempts = 5): Promise<Incident> {
    const known = this.known.get(id);
    if (known !== undefined) {
      // Optimistic: write on the copy this store saw last, without reading first. A copy that is
      // no longer current fails the condition and the loop below reads. A change that changes
      // nothing proves nothing about a copy (it may be stale), so its answer comes from a read.
      const next = change(known);
      if (next !== known) {
        try {
          await this.save(next);
          return next;
        } catch (error) {
          if (!(error instanceof ConflictError)) throw error;
        }
      }
    }
    for (let attempt = 1; ; attempt += 1) {
      const current = await this.require(id);
      const next = change(current);
      if (next === current) return current;
      try {
        await this.save(next);
        return next;
      } catch (error) {
        if (!(error instanceof ConflictError) || attempt >= attempts) throw error;
      }
    }
  }

  async listByStatus(status: IncidentStatus, limit = 100): Promise<Incident[]> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: GSI1,
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': collections.incidentsWithStatus(status) },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return Items.map((item) => IncidentSchema.parse(item));
  }

  /**
   * Every incident with this status, newest first, page after page (a Query
   * page stops at `pageSize` items or 1 MB): a restart must resume all of
   * them, not the first page.
   */
  async listAllByStatus(status: IncidentStatus, pageSize = 500): Promise<Incident[]> {
    const all: Incident[] = [];
    let cursor: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: GSI1,
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': collections.incidentsWithStatus(status) },
          ScanIndexForward: false,
          Limit: pageSize,
          ...(cursor === undefined ? {} : { ExclusiveStartKey: cursor }),
        }),
      );
      all.push(...(page.Items ?? []).map((item) => IncidentSchema.parse(item)));
      cursor = page.LastEvaluatedKey;
    } while (cursor !== undefined);
    return all;
  }

  /** Keeps the newest copy: a slow read must not replace what a write stored since. */
  private remember(incident: Incident): Incident {
    const known = this.known.get(incident.id);
    if (known === undefined || known.version <= incident.version) this.known.set(incident.id, incident);
    return incident;
  }

  private item(incident: Incident): Record<string, unknown> {
    return {
      ...keys.incident(incident.id),
      ...collections.incidentsByStatus(incident.status, incident.createdAt, incident.id),
      ...incident,
    };
  }
}
