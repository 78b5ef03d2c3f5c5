import { randomUUID } from 'node:crypto';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { StateMachine } from 'aws-local-stepfunctions';
import { TABLE_SHAPE } from '../../core/table/table-shape';
import { Outbox } from '../../local/services/outbox';
import { summarize, type Summary } from './stats';

const PK = TABLE_SHAPE.partitionKey.name;

export interface FloorOptions {
  /** The runtime's dynalite endpoint (same process, same disk as the runtime's table). */
  readonly dynamodbEndpoint: string;
  readonly tableName: string;
  readonly region: string;
  /** Where the floor's outbox file goes; in memory when absent, like a `--memory` runtime. */
  readonly outboxDir?: string;
  readonly samples: number;
}

/**
 * The least any page can cost on this machine, measured in the same run as
 * the figures it is compared to: one run of a one-state machine on the
 * interpreter the engine wraps, one conditional PutItem to the runtime's
 * dynalite through the stock SDK client, and one outbox write (fsync'd when
 * on disk). A page does all three and more (triage, the approval record, two
 * channels), so the ratio says how much the rest adds.
 */
export async function measureFloor(options: FloorOptions): Promise<Summary> {
  const machine = new StateMachine({ StartAt: 'Only', States: { Only: { Type: 'Pass', End: true } } });
  const db = new DynamoDBClient({ endpoint: options.dynamodbEndpoint, region: options.region, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  const outbox = await Outbox.open(options.outboxDir === undefined ? {} : { dataDir: options.outboxDir });
  const once = async (n: number): Promise<void> => {
    await machine.run({ n }).result;
    await db.send(new PutItemCommand({
      TableName: options.tableName,
      Item: { [PK]: { S: `BENCH#floor-${randomUUID()}` }, [TABLE_SHAPE.sortKey.name]: { S: 'META' } },
      ConditionExpression: 'attribute_not_exists(#pk)',
      ExpressionAttributeNames: { '#pk': PK },
    }));
    const at = new Date().toISOString();
    await outbox.record({
      deliveries: [{ id: randomUUID(), at, channel: 'email', to: 'floor', address: 'floor@example.com', subject: 'floor', body: `floor ${n}`, messageId: randomUUID() }],
    });
  };
  // Warm the SDK client, the interpreter and the file before timing anything.
  for (let n = 0; n < 20; n += 1) await once(n);
  const samples: number[] = [];
  for (let n = 0; n < options.samples; n += 1) {
    const started = performance.now();
    await once(n);
    samples.push(performance.now() - started);
  }
  db.destroy();
  await outbox.close();
  return summarize(samples);
}
