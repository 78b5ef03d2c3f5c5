import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { deliveryAttributes } from '../../../core/plan/subscriptions';
import { systemClock } from '../../../core/time/clock';
import { Outbox } from '../../../local/services/outbox';
import { createSecretsRequestHandler } from '../../../local/services/secrets-endpoint';
import { createSnsRequestHandler, subscriptionsFromPlan } from '../../../local/services/sns-endpoint';
import { mount } from './mount';

const TOPIC = 'arn:aws:sns:us-east-1:000000000000:sirp-local-notifications';
const VARIABLES = ['AWS_ENDPOINT_URL_SNS', 'AWS_ENDPOINT_URL_SECRETS_MANAGER', 'AWS_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'] as const;

// How the handlers meet the endpoints: no `endpoint` in code, only the
// standard variables, each with the runtime's path prefix kept by the SDK.
describe('stock clients configured only by AWS_ENDPOINT_URL_* variables', () => {
  const saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));

  afterAll(() => {
    for (const name of VARIABLES) {
      if (saved[name] === undefined) Reflect.deleteProperty(process.env, name);
      else process.env[name] = saved[name];
    }
  });

  it('reach the SNS and Secrets Manager endpoints mounted under /aws/sns and /aws/secrets', async () => {
    const outbox = await Outbox.open();
    const contacts = [{ id: 'alice', name: 'Alice', email: 'alice@test.example', timeZone: 'UTC' }];
    const server = await mount({
      '/aws/sns': createSnsRequestHandler({ topics: [TOPIC], subscriptions: subscriptionsFromPlan({ contacts }, TOPIC), outbox, clock: systemClock }),
      '/aws/secrets': createSecretsRequestHandler({ secretNames: ['link-key'] }),
    });
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_SNS: `${server.url}/aws/sns`,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: `${server.url}/aws/secrets`,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
    });
    const sns = new SNSClient({});
    const secrets = new SecretsManagerClient({});
    try {
      await sns.send(new PublishCommand({
        TopicArn: TOPIC,
        Message: 'hello',
        MessageAttributes: Object.fromEntries(Object.entries(deliveryAttributes('alice', 'email')).map(([name, value]) => [name, { DataType: 'String', StringValue: value }])),
      }));
      expect(outbox.list().map((d) => d.address)).toEqual(['alice@test.example']);
      const { SecretString } = await secrets.send(new GetSecretValueCommand({ SecretId: 'link-key' }));
      expect(SecretString).toHaveLength(86);
    } finally {
      sns.destroy();
      secrets.destroy();
      await server.close();
    }
  });
});
