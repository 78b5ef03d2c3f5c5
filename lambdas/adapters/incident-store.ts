import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../../core/errors/sirp-error';
import { type Incident, IncidentSchema, type IncidentStatus } from '../../core/incident/incident.schema';
import { collections, GSI1, keys } from '../../core/table/table-shape';
import { isConditionFailed } from './dynamodb-errors';

/**
 * Incidents in the table. Every write is conditional: creation only if
 * absent, updates only if the version read is still the stored one.
 */
export class IncidentStore {
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
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  }

  async get(id: string): Promise<Incident | null> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.incident(id), ConsistentRead: true }));
    return Item === undefined ? null : IncidentSchema.parse(Item);
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
    } catch (error) {
      if (isConditionFailed(error)) throw new ConflictError(`incident ${next.id} changed since it was read (version ${next.version - 1})`);
      throw error;
    }
  }

  /**
   * Reads, changes and saves, re-reading when another writer got there first.
   * `change` must be a pure function of the incident it is given.
   */
  async update(id: string, change: (incident: Incident) => Incident, attempts = 5): Promise<Incident> {
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

  private item(incident: Incident): Record<string, unknown> {
    return {
      ...keys.incident(incident.id),
      ...collections.incidentsByStatus(incident.status, incident.createdAt, incident.id),
      ...incident,
    };
  }
}
