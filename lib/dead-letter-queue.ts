import { Duration } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledge } from './acknowledgements';

export interface DeadLetterQueueProps {
  readonly queueName: string;
  readonly encryptionKey: IKey;
  /** Who sends here, for the acknowledgement a reviewer reads. */
  readonly holds: string;
}

/**
 * An encrypted, TLS-only SQS queue that keeps what could not be delivered
 * for the maximum 14 days: long enough to notice after a long weekend and
 * replay by hand.
 */
export class DeadLetterQueue extends Construct {
  readonly queue: Queue;

  constructor(scope: Construct, id: string, props: DeadLetterQueueProps) {
    super(scope, id);
    this.queue = new Queue(this, 'Queue', {
      queueName: props.queueName,
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: props.encryptionKey,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(
      this.queue,
      'AwsSolutions-SQS3',
      `This queue is itself a dead-letter queue (${props.holds}); nothing consumes it automatically, so it needs no DLQ of its own.`,
    );
  }
}
