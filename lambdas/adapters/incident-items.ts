import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../core/table/table-shape';

/**
 * The raw items of one incident whose sort key starts with `prefix` (its
 * drafts, tasks or timeline entries), in sort-key order, page after page: a
 * Query page stops at 1 MB (or `pageSize` items), and a list cut at the first
 * page would silently drop the rest.
 */
export async function queryIncidentItems(
  db: DynamoDBDocumentClient,
  tableName: string,
  incidentId: string,
  prefix: string,
  pageSize?: number,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.incident(incidentId).pk, ':prefix': prefix },
        ConsistentRead: true,
        ExclusiveStartKey: start,
        Limit: pageSize,
      }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return items;
}
