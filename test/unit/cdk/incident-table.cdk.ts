import { Match } from 'aws-cdk-lib/assertions';
import { TABLE_SHAPE } from '../../../core/table/table-shape';
import { alphaPlan, bravoPlan } from './plans';
import { templatesOf } from './synth';
import { resourcesOf } from './template-queries';

const [alpha, bravo] = templatesOf(alphaPlan, bravoPlan);

const keySchema = (pk: { name: string }, sk: { name: string }) => [
  { AttributeName: pk.name, KeyType: 'HASH' },
  { AttributeName: sk.name, KeyType: 'RANGE' },
];

describe('IncidentTable', () => {
  it('is on-demand with point-in-time recovery and the TTL attribute of TABLE_SHAPE', () => {
    alpha.hasResourceProperties('AWS::DynamoDB::Table', {
      TableName: 'sirp-alpha-incidents',
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: TABLE_SHAPE.timeToLiveAttribute, Enabled: true },
      KeySchema: keySchema(TABLE_SHAPE.partitionKey, TABLE_SHAPE.sortKey),
    });
  });

  it('has the global indexes of TABLE_SHAPE', () => {
    alpha.hasResourceProperties('AWS::DynamoDB::Table', {
      GlobalSecondaryIndexes: TABLE_SHAPE.globalIndexes.map((index) => ({
        IndexName: index.indexName,
        KeySchema: keySchema(index.partitionKey, index.sortKey),
        Projection: { ProjectionType: 'ALL' },
      })),
    });
  });

  it("is encrypted with the stack's customer-managed key, which rotates", () => {
    const [[keyId]] = resourcesOf(alpha, 'AWS::KMS::Key') as [[string, unknown]];
    alpha.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    alpha.hasResourceProperties('AWS::DynamoDB::Table', {
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } },
    });
  });

  it('has deletion protection and is retained, with its key, when the plan protects it', () => {
    alpha.hasResource('AWS::DynamoDB::Table', {
      Properties: Match.objectLike({ DeletionProtectionEnabled: true }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    alpha.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain' });
  });

  it('goes with the stack when the plan turns deletion protection off', () => {
    bravo.hasResource('AWS::DynamoDB::Table', {
      Properties: Match.objectLike({ DeletionProtectionEnabled: false }),
      DeletionPolicy: 'Delete',
    });
  });
});
