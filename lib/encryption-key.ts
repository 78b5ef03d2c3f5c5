import { ArnFormat, Duration, type RemovalPolicy, Stack } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { physicalName } from './names';

export interface EncryptionKeyProps {
  readonly org: string;
  /** The key must live at least as long as the data it encrypts (the table may be retained). */
  readonly removalPolicy: RemovalPolicy;
}

/**
 * The customer-managed KMS key of one org stack, with yearly rotation. It
 * encrypts the table, the topics, the queues, the signing secret and the log
 * groups. IAM principals get it through `grant*` on the resources they use;
 * the key policy only adds the AWS services that write into those resources
 * on the stack's behalf, each limited to this account.
 */
export class EncryptionKey extends Construct {
  readonly key: Key;

  constructor(scope: Construct, id: string, props: EncryptionKeyProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.key = new Key(this, 'Key', {
      alias: `alias/${physicalName(props.org)}`,
      description: `sirp ${props.org}: incident data, notifications, dead letters and logs`,
      enableKeyRotation: true,
      pendingWindow: Duration.days(30),
      removalPolicy: props.removalPolicy,
    });

    // SNS (intake topic -> encrypted DLQ), EventBridge (rule target DLQs) and
    // CloudWatch alarms (publishing to the encrypted intake topic) encrypt with
    // this key themselves; without these statements their deliveries fail.
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowDeliveringServicesOfThisAccount',
        principals: ['sns.amazonaws.com', 'events.amazonaws.com', 'cloudwatch.amazonaws.com'].map((s) => new ServicePrincipal(s)),
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'], // in a key policy, "*" is this key
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    );

    // CloudWatch Logs encrypts log groups itself; the encryption context names the log group.
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowCloudWatchLogsOfThisAccount',
        principals: [new ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
              service: 'logs',
              resource: 'log-group',
              resourceName: '*',
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      }),
    );
  }
}
