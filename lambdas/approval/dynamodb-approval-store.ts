import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { type ApprovalRecord, ApprovalRecordSchema, type SupersededBy } from '../../core/approval/approval.schema';
import type { DecidedChange } from '../../core/approval/task-callback';
import { ConflictError } from '../../core/errors/sirp-error';
import { collections, GSI1, keys } from '../../core/table/table-shape';
import type { ApprovalStore, ApprovalTransition } from './approval-store.port';

/**
 * Kept a week past expiry so the links of a finished gate still explain
 * themselves ("already decided by ..."); the decision itself is on the
 * incident's timeline for good. TTL only cleans up: expiry is checked in code.
 */
const TTL_GRACE_SECONDS = 7 * 86400;

const ttlFor = (expiresAt: string): number => Math.floor(Date.parse(expiresAt) / 1000) + TTL_GRACE_SECONDS;

const isConditionFailed = (error: unknown): boolean => error instanceof Error && error.name === 'ConditionalCheckFailedException';

/**
 * Approvals in the org's table (`APR#<id> / META`, listed through gsi1, by incident). The
 * item is the record plus the table's own attributes, nothing else, so any
 * reader of approval items parses it with `ApprovalRecordSchema`.
 */
export class DynamoDbApprovalStore implements ApprovalStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(approvalId: string): Promise<ApprovalRecord | null> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.approval(approvalId), ConsistentRead: true }));
    return Item === undefined ? null : toRecord(Item);
  }

  async create(record: ApprovalRecord): Promise<void> {
    const valid = ApprovalRecordSchema.parse(record);
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.approval(valid.approvalId),
            ...collections.approvals(valid.incidentId, valid.createdAt, valid.approvalId),
            ...valid,
            ttl: ttlFor(valid.expiresAt),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (isConditionFailed(error)) throw new ConflictError(`approval ${valid.approvalId} already exists`);
      throw error;
    }
  }

  decide(approvalId: string, change: DecidedChange): Promise<ApprovalTransition> {
    return this.transition(approvalId, {
      status: change.status,
      decision: change.decision,
      reason: change.reason,
      decidedBy: change.decidedBy,
      decidedAt: change.decidedAt,
      channel: change.channel,
      taskToken: null,
    });
  }

  acknowledge(approvalId: string, at: string, expiresAt: string): Promise<ApprovalTransition> {
    // The clean-up follows the later expiry too.
    return this.transition(approvalId, { acknowledgedAt: at, expiresAt }, { ttl: ttlFor(expiresAt) });
  }

  supersede(approvalId: string, by: SupersededBy): Promise<ApprovalTransition> {
    return this.transition(approvalId, { status: 'superseded', supersededBy: by, taskToken: null });
  }

  updateTaskToken(approvalId: string, taskToken: string): Promise<ApprovalTransition> {
    return this.transition(approvalId, { taskToken });
  }

  async markDelivered(approvalId: string, at: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.approval(approvalId),
        UpdateExpression: 'SET deliveredAt = :at',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':at': at },
      }),
    );
  }

  /** Newest first. A key condition on the incident's run of the collection: it reads the incident's approvals only. */
  listByIncident(incidentId: string): Promise<ApprovalRecord[]> {
    return this.query({ KeyConditionExpression: 'begins_with(gsi1sk, :incident)', ExpressionAttributeValues: { ':incident': collections.approvalsOf(incidentId) } });
  }

  /** Newest first (the collection sorts by incident: the order is made here). */
  async listAll(): Promise<ApprovalRecord[]> {
    return (await this.query({})).sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.approvalId.localeCompare(a.approvalId));
  }

  /**
   * One conditional update on `status = pending`. ALL_OLD returns the record
   * as it was at the instant of the write (with the token that was current
   * then), and the new state is that plus the change.
   */
  private async transition(
    approvalId: string,
    changes: Partial<ApprovalRecord>,
    /** Table attributes written with the change that are not part of the record (the TTL). */
    tableOnly: Record<string, unknown> = {},
  ): Promise<ApprovalTransition> {
    const entries = [...Object.entries(changes), ...Object.entries(tableOnly)];
    const names: Record<string, string> = { '#status': 'status' };
    const values: Record<string, unknown> = { ':pending': 'pending' };
    const sets = entries.map(([field, value], i) => {
      names[`#f${i}`] = field;
      values[`:v${i}`] = value;
      return `#f${i} = :v${i}`;
    });
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.approval(approvalId),
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: 'attribute_exists(pk) AND #status = :pending',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_OLD',
        }),
      );
      const before = toRecord(Attributes ?? {});
      return { ok: true, before, after: ApprovalRecordSchema.parse({ ...before, ...changes }) };
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
      return { ok: false, current: await this.get(approvalId) };
    }
  }

  private async query(range: { KeyConditionExpression?: string; ExpressionAttributeValues?: Record<string, unknown> }): Promise<ApprovalRecord[]> {
    const records: ApprovalRecord[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: GSI1,
          KeyConditionExpression: range.KeyConditionExpression === undefined ? 'gsi1pk = :collection' : `gsi1pk = :collection AND ${range.KeyConditionExpression}`,
          ExpressionAttributeValues: { ':collection': collections.allApprovals, ...range.ExpressionAttributeValues },
          ScanIndexForward: false,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) records.push(toRecord(item));
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    return records;
  }
}

/** The table's own attributes are not part of the record. */
function toRecord(item: Record<string, unknown>): ApprovalRecord {
  const { pk: _pk, sk: _sk, gsi1pk: _gsi1pk, gsi1sk: _gsi1sk, ttl: _ttl, ...record } = item;
  return ApprovalRecordSchema.parse(record);
}
