import type { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { TABLE_SHAPE } from '../core/table/table-shape';
import { acknowledge } from './acknowledgements';
import { physicalName } from './names';

export interface IncidentTableProps {
  readonly org: string;
  readonly encryptionKey: IKey;
  /** On: deletion protection and RETAIN, so the incident history survives the stack. */
  readonly deletionProtection: boolean;
  readonly removalPolicy: RemovalPolicy;
}

const ATTRIBUTE_TYPES = { S: AttributeType.STRING, N: AttributeType.NUMBER, B: AttributeType.BINARY } as const;

const key = (k: { readonly name: string; readonly type: keyof typeof ATTRIBUTE_TYPES }) => ({
  name: k.name,
  type: ATTRIBUTE_TYPES[k.type],
});

/**
 * The single table of one organization, built from `TABLE_SHAPE` (the same
 * shape the embedded runtime gives dynalite): on-demand, point-in-time
 * recovery, encrypted with the stack's customer-managed key, TTL on the
 * shape's attribute, and the shape's global indexes.
 */
export class IncidentTable extends Construct {
  readonly table: Table;

  constructor(scope: Construct, id: string, props: IncidentTableProps) {
    super(scope, id);
    this.table = new Table(this, 'Table', {
      tableName: physicalName(props.org, 'incidents'),
      partitionKey: key(TABLE_SHAPE.partitionKey),
      sortKey: key(TABLE_SHAPE.sortKey),
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: props.encryptionKey,
      timeToLiveAttribute: TABLE_SHAPE.timeToLiveAttribute,
      deletionProtection: props.deletionProtection,
      removalPolicy: props.removalPolicy,
    });
    for (const index of TABLE_SHAPE.globalIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: key(index.partitionKey),
        sortKey: key(index.sortKey),
        projectionType: ProjectionType.ALL,
      });
    }
    acknowledge(
      this.table,
      'NIST.800.53.R5-DynamoDBInBackupPlan',
      'Point-in-time recovery keeps 35 days of continuous backups. AWS Backup plans are an account-level policy; ' +
        'the sirp:org tag lets the organization select this table in its own plan.',
    );
  }
}
