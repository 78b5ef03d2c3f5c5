import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/**
 * Reads a secret once per container and keeps it in memory. The value never
 * goes into a log line or an error message.
 */
export function cachedSecret(client: SecretsManagerClient, secretId: string): () => Promise<string> {
  let value: Promise<string> | undefined;
  return () => {
    value ??= client.send(new GetSecretValueCommand({ SecretId: secretId })).then(
      (out) => {
        if (out.SecretString === undefined || out.SecretString === '') throw new Error(`secret ${secretId} has no string value`);
        return out.SecretString;
      },
      (error: unknown) => {
        value = undefined; // let the next call try again
        throw new Error(`cannot read secret ${secretId}: ${error instanceof Error ? error.name : 'unknown error'}`);
      },
    );
    return value;
  };
}
