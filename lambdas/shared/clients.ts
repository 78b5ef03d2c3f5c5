import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { S3Client } from '@aws-sdk/client-s3';

/**
 * SDK clients, built once per container with the default configuration, so
 * that `AWS_ENDPOINT_URL_DYNAMODB`, `_SFN`, `_SNS` and `_SECRETS_MANAGER`
 * point them at the embedded runtime. There is no other switch.
 */
let cached: Clients | undefined;

export interface Clients {
  readonly db: DynamoDBDocumentClient;
  readonly sfn: SFNClient;
  readonly sns: SNSClient;
  readonly secrets: SecretsManagerClient;
}

export function clients(): Clients {
  // Throttling on StartExecution or SNS Publish in a storm is retried by the SDK with backoff.
  const maxAttempts = 6;
  cached ??= {
    db: DynamoDBDocumentClient.from(new DynamoDBClient({ maxAttempts }), {
      marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    }),
    sfn: new SFNClient({ maxAttempts }),
    sns: new SNSClient({ maxAttempts }),
    secrets: new SecretsManagerClient({ maxAttempts }),
  };
  return cached;
}

/** The containment actions' clients (EC2, IAM, S3), for the steps function in `ACTIONS_MODE=aws` only. */
export interface ActionClients {
  readonly ec2: EC2Client;
  readonly iam: IAMClient;
  readonly s3: S3Client;
}

let cachedActionClients: Promise<ActionClients> | undefined;

/**
 * Built once per container like the others, but loaded on first use: the
 * three SDKs take about 0.4 s to load, which no other function, nor the
 * embedded runtime (dry run), should pay at start. `AWS_ENDPOINT_URL_EC2`,
 * `_IAM` and `_S3` point them elsewhere; an S3 endpoint of that kind (a
 * stand-in, an IP) has no per-bucket host names, hence path-style there.
 */
export function actionClients(): Promise<ActionClients> {
  cachedActionClients ??= Promise.all([import('@aws-sdk/client-ec2'), import('@aws-sdk/client-iam'), import('@aws-sdk/client-s3')]).then(
    ([{ EC2Client }, { IAMClient }, { S3Client }]) => ({
      ec2: new EC2Client({}),
      iam: new IAMClient({}),
      s3: new S3Client({ forcePathStyle: process.env.AWS_ENDPOINT_URL_S3 !== undefined }),
    }),
  );
  return cachedActionClients;
}
