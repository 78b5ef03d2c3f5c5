import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

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
