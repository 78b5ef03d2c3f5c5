import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { type Incident, IncidentSchema } from '../../core/incident/incident.schema';
import { keys } from '../../core/table/table-shape';
import type { IncidentReader } from './incident-reader.port';

/** Reads `INC#<id> / META`; the table's own attributes are dropped by the schema. */
export class DynamoDbIncidentReader implements IncidentReader {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(incidentId: string): Promise<Incident | null> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.incident(incidentId), ConsistentRead: true }));
    return Item === undefined ? null : IncidentSchema.parse(Item);
  }
}
