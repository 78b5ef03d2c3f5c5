import { randomBytes } from 'node:crypto';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { type CommunicationDraft, CommunicationDraftSchema } from '../../core/comms/communication';
import { ConflictError } from '../../core/errors/sirp-error';
import { keys } from '../../core/table/table-shape';
import { isConditionFailed } from './dynamodb-errors';
import { queryIncidentItems } from './incident-items';
import { updateVersioned } from './versioned-update';

/** 64 random bits: unguessable enough for an id that is not a credential, short enough for an SMS-free page. */
export const newDraftId = (): string => `com-${randomBytes(8).toString('hex')}`;

/**
 * Communication drafts, next to their incident (`INC#<id> / COMM#<draftId>`).
 * Every write is conditional: creation only if absent, changes only on the
 * version read. The status change is the commit point of each step of the
 * communication workflow (see comms-steps.ts).
 */
export class CommunicationStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(draft: CommunicationDraft): Promise<void> {
    try {
      await this.db.send(
        new PutCommand({ TableName: this.tableName, Item: { ...keys.communication(draft.incidentId, draft.draftId), ...draft }, ConditionExpression: 'attribute_not_exists(pk)' }),
      );
    } catch (error) {
      if (isConditionFailed(error)) throw new ConflictError(`draft ${draft.draftId} already exists`);
      throw error;
    }
  }

  async get(incidentId: string, draftId: string): Promise<CommunicationDraft | null> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.communication(incidentId, draftId), ConsistentRead: true }));
    return Item === undefined ? null : CommunicationDraftSchema.parse(Item);
  }

  async require(incidentId: string, draftId: string): Promise<CommunicationDraft> {
    const draft = await this.get(incidentId, draftId);
    if (draft === null) throw new ConflictError(`incident ${incidentId} has no draft ${draftId}`);
    return draft;
  }

  /** Reads, changes and saves, re-reading when another writer got there first. `change` must be pure. */
  async update(incidentId: string, draftId: string, change: (draft: CommunicationDraft) => CommunicationDraft, attempts = 5): Promise<CommunicationDraft> {
    const key = keys.communication(incidentId, draftId);
    return updateVersioned({ db: this.db, tableName: this.tableName, key, read: () => this.require(incidentId, draftId), change, what: `draft ${draftId}`, attempts });
  }

  /** The drafts of one incident, oldest first. */
  async list(incidentId: string): Promise<CommunicationDraft[]> {
    const drafts = (await queryIncidentItems(this.db, this.tableName, incidentId, keys.communicationPrefix)).map((item) => CommunicationDraftSchema.parse(item));
    return drafts.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }
}
