import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { GSI1, keys } from '../../core/table/table-shape';
import { isConditionFailed } from './dynamodb-errors';

/** One delivered signal, recorded once: the idempotency marker and the incident's signal list in one item. */
export interface DeliveryRecord {
  readonly eventId: string;
  readonly at: string;
  readonly outcome: string;
  readonly incidentId: string | null;
  readonly correlationKey: string;
  readonly source: string;
  readonly kind: string;
  readonly title: string;
  readonly severity: string | null;
  readonly rule: string | null;
  readonly why: string | null;
  readonly raw: unknown;
}

export interface ProblemRecord {
  readonly incidentId: string;
  readonly lastSeenAt: number;
  readonly signals: number;
}

export interface DeadLetter {
  readonly id: string;
  readonly at: string;
  readonly path: string;
  readonly message: string;
  /** The input as received, cut to a size that is safe to store and show. */
  readonly excerpt: string;
}

/** Deliveries are kept 30 days: EventBridge retries for at most 24 hours. */
const DELIVERY_TTL_SECONDS = 30 * 86400;
const DEAD_LETTER_TTL_SECONDS = 30 * 86400;

/** Triage state: deliveries (idempotency), problems (correlation), dead letters. */
export class IntakeStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Records a delivery unless one with the same event id exists; false means duplicate. */
  async claimDelivery(record: DeliveryRecord, nowMs: number): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.delivery(record.eventId),
            ...(record.incidentId === null ? {} : { gsi1pk: `SIGNALS#${record.incidentId}`, gsi1sk: `${record.at}#${record.eventId}` }),
            ...record,
            ttl: Math.floor(nowMs / 1000) + DELIVERY_TTL_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  }

  async getDelivery(eventId: string): Promise<DeliveryRecord | null> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.delivery(eventId), ConsistentRead: true }));
    return (Item as DeliveryRecord | undefined) ?? null;
  }

  async getProblem(correlationKey: string): Promise<ProblemRecord | null> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.correlation(correlationKey), ConsistentRead: true }),
    );
    return Item === undefined ? null : { incidentId: String(Item.incidentId), lastSeenAt: Number(Item.lastSeenAt), signals: Number(Item.signals) };
  }

  /**
   * The commit point of "this problem is a new incident": the first writer of
   * the correlation key wins. `replacing` is the closed or stale incident the
   * key pointed at before, so a new outbreak after the window opens a new one.
   */
  async claimProblem(correlationKey: string, incidentId: string, nowMs: number, replacing: string | null): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.correlation(correlationKey), incidentId, lastSeenAt: nowMs, signals: 1 },
          ConditionExpression: replacing === null ? 'attribute_not_exists(pk)' : 'incidentId = :previous',
          ...(replacing === null ? {} : { ExpressionAttributeValues: { ':previous': replacing } }),
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  }

  /** A signal joined: count it and move the window, in one write. */
  async touchProblem(correlationKey: string, nowMs: number): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.correlation(correlationKey),
        UpdateExpression: 'SET lastSeenAt = :now ADD signals :one',
        ExpressionAttributeValues: { ':now': nowMs, ':one': 1 },
      }),
    );
  }

  async listSignals(incidentId: string, limit = 200): Promise<DeliveryRecord[]> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: GSI1,
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': `SIGNALS#${incidentId}` },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return Items as DeliveryRecord[];
  }

  async addDeadLetter(letter: DeadLetter, nowMs: number): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.deadLetter(letter.at, letter.id), ...letter, ttl: Math.floor(nowMs / 1000) + DEAD_LETTER_TTL_SECONDS },
      }),
    );
  }

  async listDeadLetters(limit = 200): Promise<DeadLetter[]> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.deadLetter('', '').pk },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return Items.map((i) => ({ id: String(i.id), at: String(i.at), path: String(i.path), message: String(i.message), excerpt: String(i.excerpt) }));
  }
}

