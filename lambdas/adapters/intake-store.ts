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

/** `COR#<key>`: which incident a correlation key (a source identity or a resource group) belongs to. */
export interface ProblemRecord {
  readonly incidentId: string;
  /** Epoch ms of the last signal counted; the correlation window runs from here. */
  readonly lastSeenAt: number;
  /** Epoch ms of the claim: a claim whose incident is still missing is a creation in flight, or one a crash left. */
  readonly claimedAt: number;
  /** The event id that claimed the key for a new incident: its redelivery finishes the creation instead of joining. */
  readonly createdBy: string | null;
  /** Signals counted on this key (joins are counted in batches: see `touchProblem`). */
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

/**
 * The raw event is stored as its JSON text (`rawJson`), not as a DynamoDB
 * map: it is only ever read whole, and marshalling a finding of a few
 * hundred fields into nested attributes (and dynalite validating them) cost
 * more than the rest of a join. Records written before kept `raw` as a map.
 */
function withRawAsText(record: DeliveryRecord): Omit<DeliveryRecord, 'raw'> & { readonly rawJson: string } {
  const { raw, ...rest } = record;
  // JSON.stringify answers undefined (typed string) for a raw event that is undefined.
  const text = JSON.stringify(raw) as string | undefined;
  return { ...rest, rawJson: text ?? 'null' };
}

function deliveryFrom(item: Record<string, unknown>): DeliveryRecord {
  const { rawJson, ...rest } = item;
  return { ...(rest as Omit<DeliveryRecord, 'raw'>), raw: typeof rawJson === 'string' ? (JSON.parse(rawJson) as unknown) : rest.raw };
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
            ...withRawAsText(record),
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
    return Item === undefined ? null : deliveryFrom(Item);
  }

  async getProblem(correlationKey: string): Promise<ProblemRecord | null> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.correlation(correlationKey), ConsistentRead: true }),
    );
    if (Item === undefined) return null;
    const lastSeenAt = Number(Item.lastSeenAt);
    return {
      incidentId: String(Item.incidentId),
      lastSeenAt,
      claimedAt: typeof Item.claimedAt === 'number' ? Item.claimedAt : lastSeenAt,
      createdBy: typeof Item.createdBy === 'string' ? Item.createdBy : null,
      signals: Number(Item.signals ?? 0),
    };
  }

  /**
   * The commit point of "this problem is a new incident" (or of "this key now
   * belongs to that incident"): the first writer of the correlation key wins.
   * `replacing` is the closed or stale incident the key pointed at before, so
   * a new outbreak after the window opens a new one.
   */
  async claimProblem(correlationKey: string, claim: { readonly incidentId: string; readonly createdBy: string | null }, nowMs: number, replacing: string | null): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.correlation(correlationKey), incidentId: claim.incidentId, createdBy: claim.createdBy, lastSeenAt: nowMs, claimedAt: nowMs, signals: 1 },
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

  /**
   * Hands a key claimed for an incident that was never created over to the
   * incident that won elsewhere; only if the key still points at `from`.
   */
  async repointProblem(correlationKey: string, from: string, to: string): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.correlation(correlationKey),
          UpdateExpression: 'SET incidentId = :to, createdBy = :none',
          ConditionExpression: 'incidentId = :from',
          ExpressionAttributeValues: { ':to': to, ':from': from, ':none': null },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  }

  /** Signals joined: count them and move the window, in one write. */
  async touchProblem(correlationKey: string, nowMs: number, signals = 1): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.correlation(correlationKey),
        UpdateExpression: 'SET lastSeenAt = :now ADD signals :n',
        ExpressionAttributeValues: { ':now': nowMs, ':n': signals },
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
    return Items.map(deliveryFrom);
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

