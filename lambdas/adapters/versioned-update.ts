import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../../core/errors/sirp-error';
import { isConditionFailed } from './dynamodb-errors';

export interface VersionedUpdate<T extends { readonly version: number }> {
  readonly db: DynamoDBDocumentClient;
  readonly tableName: string;
  /** The item's table key; it is written with each new value. */
  readonly key: { readonly pk: string; readonly sk: string };
  /** A consistent read of the item as it is now (throws if there is none). */
  readonly read: () => Promise<T>;
  /** Pure: it runs again after each lost race. Returning its argument writes nothing. */
  readonly change: (current: T) => T;
  /** Names the item in the error when every attempt lost (`draft com-…`). */
  readonly what: string;
  readonly attempts: number;
}

/**
 * Reads, changes and writes the item only if its stored version is still the
 * one read, re-reading when another writer got there first. After `attempts`
 * lost races it gives up with a ConflictError (not terminal: a later retry may
 * win), never the raw SDK error.
 */
export async function updateVersioned<T extends { readonly version: number }>(update: VersionedUpdate<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    const current = await update.read();
    const next = update.change(current);
    if (next === current) return current;
    try {
      await update.db.send(
        new PutCommand({
          TableName: update.tableName,
          Item: { ...update.key, ...next },
          ConditionExpression: 'version = :expected',
          ExpressionAttributeValues: { ':expected': current.version },
        }),
      );
      return next;
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
      if (attempt >= update.attempts) throw new ConflictError(`${update.what} is too busy: gave up after ${String(update.attempts)} attempts`);
    }
  }
}
