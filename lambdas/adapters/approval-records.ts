import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type ApprovalRecord, ApprovalRecordSchema } from '../../core/approval/approval.schema';
import { collections, GSI1, keys } from '../../core/table/table-shape';
import { isConditionFailed } from './dynamodb-errors';

/** Approval records are cleaned up by TTL a week after they expire; expiry itself is checked in code. */
const TTL_GRACE_SECONDS = 7 * 86400;

/**
 * Approval records as the workflow steps use them: create, take a new task
 * token, supersede. Every change is conditional on the record still being
 * pending, so a decision and an escalation can never both win.
 */
export class ApprovalRecords {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(approvalId: string): Promise<ApprovalRecord | null> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.approval(approvalId), ConsistentRead: true }));
    return Item === undefined ? null : ApprovalRecordSchema.parse(strip(Item));
  }

  async create(record: ApprovalRecord): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keys.approval(record.approvalId),
          ...collections.approvals(record.createdAt, record.approvalId),
          ...record,
          ttl: Math.floor(Date.parse(record.expiresAt) / 1000) + TTL_GRACE_SECONDS,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  /** A resumed workflow waits on a new token; false when the approval is no longer pending. */
  async replaceToken(approvalId: string, taskToken: string): Promise<boolean> {
    return this.conditional(approvalId, 'SET taskToken = :token', { ':token': taskToken });
  }

  /** Escalation or revocation: the old link now says who holds the decision. */
  async supersede(approvalId: string, by: { approvalId: string; holder: string }): Promise<boolean> {
    return this.conditional(approvalId, 'SET #status = :superseded, supersededBy = :by, taskToken = :none', {
      ':superseded': 'superseded',
      ':by': by,
      ':none': null,
    });
  }

  async list(options: { readonly all: boolean; readonly incidentId?: string }): Promise<ApprovalRecord[]> {
    const records: ApprovalRecord[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: GSI1,
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': collections.allApprovals },
          ScanIndexForward: false,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) records.push(ApprovalRecordSchema.parse(strip(item)));
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    return records.filter((r) => (options.all || r.status === 'pending') && (options.incidentId === undefined || r.incidentId === options.incidentId));
  }

  private async conditional(approvalId: string, update: string, values: Record<string, unknown>): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.approval(approvalId),
          UpdateExpression: update,
          ConditionExpression: '#status = :pending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ...values, ':pending': 'pending' },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  }
}

/** The table's own attributes are not part of the record. */
function strip(item: Record<string, unknown>): Record<string, unknown> {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, ttl: _ttl, ...record } = item;
  return record;
}
