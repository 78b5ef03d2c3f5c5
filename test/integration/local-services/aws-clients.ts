import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';

/** Stock SDK clients pointed at a local endpoint, as the handlers get them from AWS_ENDPOINT_URL_*. */
const config = (endpoint: string) => ({
  region: 'us-east-1',
  endpoint,
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  // A local endpoint that fails should fail the test at once, not after retries.
  maxAttempts: 1,
});

export const dynamoDbClient = (endpoint: string): DynamoDBClient => new DynamoDBClient(config(endpoint));
export const snsClient = (endpoint: string): SNSClient => new SNSClient(config(endpoint));
export const secretsClient = (endpoint: string): SecretsManagerClient => new SecretsManagerClient(config(endpoint));
