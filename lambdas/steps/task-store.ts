import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../../core/errors/sirp-error';
import { type ResponseTask, ResponseTaskSchema } from '../../core/response/tasks';
import { keys } from '../../core/table/table-shape';
import { isConditionFailed } from '../adapters/dynamodb-errors';
import { queryIncidentItems } from '../adapters/incident-items';
import { updateVersioned } from '../adapters/versioned-update';

/**
 * Containment and recovery tasks (`INC#<id> / TASK#<task id>`), next to their
 * incident. Creation is put-if-absent (a task id is derived from the plan, so
 * a re-run finds the first record); updates are conditional on the version.
 */
export class TaskStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** The stored task: the new one, or the one an earlier run created. */
  async createOrGet(task: ResponseTask): Promise<{ task: ResponseTask; created: boolean }> {
    try {
      await this.db.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.task(task.incidentId, task.taskId), ...task }, ConditionExpression: 'attribute_not_exists(pk)' }));
      return { task, created: true };
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
      return { task: await this.require(task.incidentId, task.taskId), created: false };
    }
  }

  async get(incidentId: string, taskId: string): Promise<ResponseTask | null> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.task(incidentId, taskId), ConsistentRead: true }));
    return Item === undefined ? null : ResponseTaskSchema.parse(Item);
  }

  async require(incidentId: string, taskId: string): Promise<ResponseTask> {
    const task = await this.get(incidentId, taskId);
    if (task === null) throw new ConflictError(`task ${taskId} does not exist`);
    return task;
  }

  /** Read, change, write if nobody else did; `change` returning the same object writes nothing. */
  async update(incidentId: string, taskId: string, change: (task: ResponseTask) => ResponseTask, attempts = 5): Promise<ResponseTask> {
    const key = keys.task(incidentId, taskId);
    return updateVersioned({ db: this.db, tableName: this.tableName, key, read: () => this.require(incidentId, taskId), change, what: `task ${taskId}`, attempts });
  }

  async list(incidentId: string): Promise<ResponseTask[]> {
    return (await queryIncidentItems(this.db, this.tableName, incidentId, keys.taskPrefix)).map((item) => ResponseTaskSchema.parse(item));
  }
}
