import { Match } from 'aws-cdk-lib/assertions';
import { MACHINES } from '../../../core/workflow/workflow-names';
import { alphaPlan, bravoPlan } from './plans';
import { templatesOf } from './synth';
import { logicalIdByName, resourcesOf } from './template-queries';

const [alpha, bravo] = templatesOf(alphaPlan, bravoPlan);
const queueArn = (name: string) => ({ 'Fn::GetAtt': [logicalIdByName(alpha, 'AWS::SQS::Queue', 'QueueName', name), 'Arn'] });
const triageArn = { 'Fn::GetAtt': [logicalIdByName(alpha, 'AWS::Lambda::Function', 'FunctionName', 'sirp-alpha-triage'), 'Arn'] };
const triageTarget = Match.arrayWith([
  Match.objectLike({
    Arn: triageArn,
    RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 21600 },
    DeadLetterConfig: { Arn: queueArn('sirp-alpha-intake-dlq') },
  }),
]);
const intakeRule = (pattern: Record<string, unknown>): void => {
  alpha.hasResourceProperties('AWS::Events::Rule', { EventPattern: Match.objectLike(pattern), Targets: triageTarget, State: 'ENABLED' });
};

describe('Intake', () => {
  it('takes in CloudWatch alarms entering ALARM or OK whose names have the prefixes of the severity rules', () => {
    intakeRule({
      source: ['aws.cloudwatch'],
      'detail-type': ['CloudWatch Alarm State Change'],
      detail: { state: { value: ['ALARM', 'OK'] }, alarmName: [{ prefix: 'prod-' }, { prefix: 'sec-' }] },
    });
  });

  it('takes in every alarm when a rule takes all CloudWatch alarms', () => {
    bravo.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['aws.cloudwatch'], 'detail-type': ['CloudWatch Alarm State Change'], detail: { state: { value: ['ALARM', 'OK'] } } },
    });
  });

  it('takes in GuardDuty findings, new Security Hub findings and their endings, and AWS Health events', () => {
    intakeRule({ source: ['aws.guardduty'], 'detail-type': ['GuardDuty Finding'] });
    intakeRule({
      source: ['aws.securityhub'],
      'detail-type': ['Security Hub Findings - Imported'],
      detail: {
        findings: {
          $or: [
            { RecordState: ['ACTIVE'], Workflow: { Status: ['NEW'] } },
            { RecordState: ['ARCHIVED'] },
            { Workflow: { Status: ['RESOLVED', 'SUPPRESSED'] } },
            { Compliance: { Status: ['PASSED'] } },
          ],
        },
      },
    });
    intakeRule({ source: ['aws.health'], 'detail-type': ['AWS Health Event'] });
  });

  it("takes in the plan's sensitive CloudTrail actions, one rule per service", () => {
    intakeRule({
      'detail-type': ['AWS API Call via CloudTrail'],
      detail: { eventSource: ['iam.amazonaws.com'], eventName: ['CreateAccessKey', 'DeleteRolePolicy'] },
    });
    intakeRule({
      'detail-type': ['AWS API Call via CloudTrail'],
      detail: { eventSource: ['cloudtrail.amazonaws.com'], eventName: ['StopLogging'] },
    });
    const cloudTrailRules = (template: typeof alpha) =>
      resourcesOf(template, 'AWS::Events::Rule').filter(([, r]) =>
        JSON.stringify((r.Properties?.EventPattern as Record<string, unknown> | undefined)?.['detail-type']) === '["AWS API Call via CloudTrail"]',
      );
    expect(cloudTrailRules(alpha)).toHaveLength(2);
    expect(cloudTrailRules(bravo)).toHaveLength(0);
  });

  it('takes in console sign-ins by the root user and failed ones', () => {
    intakeRule({
      source: ['aws.signin'],
      'detail-type': ['AWS Console Sign In via CloudTrail'],
      detail: { $or: [{ userIdentity: { type: ['Root'] } }, { responseElements: { ConsoleLogin: ['Failure'] } }] },
    });
  });

  it('keeps undeliverable events in encrypted, TLS-only queues for 14 days', () => {
    const [[keyId]] = resourcesOf(alpha, 'AWS::KMS::Key') as [[string, unknown]];
    for (const name of ['sirp-alpha-intake-dlq', 'sirp-alpha-alarms-dlq']) {
      alpha.hasResourceProperties('AWS::SQS::Queue', {
        QueueName: name,
        KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
        MessageRetentionPeriod: 1209600,
      });
      alpha.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: logicalIdByName(alpha, 'AWS::SQS::Queue', 'QueueName', name) }],
        PolicyDocument: {
          Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
        },
      });
    }
  });

  it('sends a triage that fails after its retries to the dead-letter queue', () => {
    alpha.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: logicalIdByName(alpha, 'AWS::Lambda::Function', 'FunctionName', 'sirp-alpha-triage') },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: queueArn('sirp-alpha-intake-dlq') } },
    });
  });

  it('takes legacy alarm actions through an encrypted SNS topic that feeds triage, with its own dead-letter queue', () => {
    const topicId = logicalIdByName(alpha, 'AWS::SNS::Topic', 'TopicName', 'sirp-alpha-alarms');
    alpha.hasResourceProperties('AWS::SNS::Topic', { TopicName: 'sirp-alpha-alarms', KmsMasterKeyId: Match.anyValue() });
    alpha.hasResourceProperties('AWS::SNS::Subscription', {
      TopicArn: { Ref: topicId },
      Protocol: 'lambda',
      Endpoint: triageArn,
      RedrivePolicy: { deadLetterTargetArn: queueArn('sirp-alpha-alarms-dlq') },
    });
    alpha.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topicId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } },
          }),
        ]),
      },
    });
  });
});

describe('DeclarationApi', () => {
  const apiId = () => logicalIdByName(alpha, 'AWS::ApiGateway::RestApi', 'Name', 'sirp-alpha-declare');

  it('takes POST /declare only with IAM (SigV4) authorization, a validated body, and proxies it to triage', () => {
    alpha.hasResourceProperties('AWS::ApiGateway::Method', {
      RestApiId: { Ref: apiId() },
      HttpMethod: 'POST',
      AuthorizationType: 'AWS_IAM',
      RequestValidatorId: Match.anyValue(),
      RequestModels: { 'application/json': Match.anyValue() },
      Integration: Match.objectLike({ Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST' }),
    });
    alpha.hasResourceProperties('AWS::ApiGateway::RequestValidator', { RestApiId: { Ref: apiId() }, ValidateRequestBody: true });
    alpha.hasResourceProperties('AWS::ApiGateway::Model', {
      RestApiId: { Ref: apiId() },
      Schema: Match.objectLike({ required: ['title', 'severity'], additionalProperties: false }),
    });
    const methods = resourcesOf(alpha, 'AWS::ApiGateway::Method').filter(([, m]) => JSON.stringify(m.Properties?.RestApiId) === JSON.stringify({ Ref: apiId() }));
    expect(methods.map(([, m]) => [m.Properties?.HttpMethod, m.Properties?.AuthorizationType])).toEqual([['POST', 'AWS_IAM']]);
  });

  it('runs triage with reserved concurrency, so a storm cannot starve the account', () => {
    alpha.hasResourceProperties('AWS::Lambda::Function', { FunctionName: 'sirp-alpha-triage', ReservedConcurrentExecutions: 20 });
  });
});

describe('ExecutionFailureRule', () => {
  it("sends failed, timed-out and aborted executions of this stack's machines, and no other, to notify", () => {
    const machines = resourcesOf(alpha, 'AWS::StepFunctions::StateMachine').map(([id]) => ({ Ref: id }));
    expect(machines).toHaveLength(MACHINES.length);
    alpha.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.states'],
        'detail-type': ['Step Functions Execution Status Change'],
        detail: { status: ['FAILED', 'TIMED_OUT', 'ABORTED'], stateMachineArn: machines },
      },
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [logicalIdByName(alpha, 'AWS::Lambda::Function', 'FunctionName', 'sirp-alpha-notify'), 'Arn'] },
          DeadLetterConfig: { Arn: queueArn('sirp-alpha-intake-dlq') },
          RetryPolicy: Match.anyValue(),
        }),
      ],
    });
  });
});
