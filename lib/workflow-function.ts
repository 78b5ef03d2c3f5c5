import type { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { Plan } from '../core/plan/plan.schema';
import { acknowledgeFunctionRole } from './function-acknowledgements';
import { acknowledgeGrantWildcards } from './nag-findings';
import { LOG_RETENTION, physicalName } from './names';
import { PROJECT_ROOT, projectPath } from './project-paths';

export const FUNCTION_NAMES = ['triage', 'steps', 'notify', 'approval', 'comms'] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];

/** Where a function's handler lives; someone else's code, found by convention. */
export const entryFile = (name: FunctionName): string => `lambdas/${name}/${name}.handler.ts`;

export interface WorkflowFunctionProps {
  readonly plan: Plan;
  readonly name: FunctionName;
  readonly description: string;
  readonly table: ITable;
  readonly encryptionKey: IKey;
  readonly removalPolicy: RemovalPolicy;
  readonly timeout: Duration;
  /** Caps what an event storm can do to the account's concurrency pool. */
  readonly reservedConcurrentExecutions?: number;
  /** Publishes notifications: `TOPIC_ARN` and publish permission come together. */
  readonly topic?: ITopic;
  /** Writes hash-chained timeline entries: `TIMELINE_SECRET_ARN` and read permission. */
  readonly timelineSecret?: ISecret;
  /** Signs or checks approval links: `SIGNING_SECRET_ARN` and read permission. */
  readonly signingSecret?: ISecret;
  /** Starts incidents: `INCIDENT_STATE_MACHINE_ARN` and start permission. */
  readonly incidentStateMachine?: IStateMachine;
  /** Starts communication workflows: `COMMUNICATION_STATE_MACHINE_ARN` and start permission on that machine only. */
  readonly communicationStateMachine?: IStateMachine;
  /** Where approval links point (`APPROVAL_BASE_URL`). */
  readonly approvalBaseUrl?: string;
  /** Machines whose callback tasks it answers (SendTaskSuccess/Failure): this stack's, never another's. */
  readonly answersTasksOf?: readonly IStateMachine[];
}

/**
 * One sirp Lambda function: the handler at `lambdas/<name>/<name>.handler.ts`
 * bundled by the local esbuild (never Docker), Node.js 24 on ARM64, X-Ray
 * tracing, its own encrypted log group with retention, and its own role with
 * no managed policy. Every environment variable comes with the one
 * permission that makes it useful, so the handler's env schema and its IAM
 * policy cannot drift apart.
 *
 * The validated plan reaches the handler as `process.env.SIRP_PLAN_JSON`,
 * replaced at bundle time by esbuild `define`: a plan is bigger than the
 * 4 KB Lambda allows for environment variables.
 */
export class WorkflowFunction extends Construct {
  readonly function: NodejsFunction;

  constructor(scope: Construct, id: string, props: WorkflowFunctionProps) {
    super(scope, id);
    const functionName = physicalName(props.plan.org, props.name);

    const logGroup = new LogGroup(this, 'Logs', {
      logGroupName: `/aws/lambda/${functionName}`,
      retention: LOG_RETENTION,
      encryptionKey: props.encryptionKey,
      removalPolicy: props.removalPolicy,
    });
    // Our own role: the default one carries the AWSLambdaBasicExecutionRole
    // managed policy, which may write to any log group in the account.
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `sirp ${props.plan.org} ${props.name} function`,
    });
    logGroup.grantWrite(role);

    this.function = new NodejsFunction(this, 'Function', {
      functionName,
      description: props.description,
      entry: projectPath(entryFile(props.name)),
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: projectPath('package-lock.json'),
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: 512, // the approval page is opened by a person waiting: more memory, faster cold start
      timeout: props.timeout,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      tracing: Tracing.ACTIVE,
      role,
      logGroup,
      environment: environmentOf(props),
      bundling: {
        forceDockerBundling: false,
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        target: 'node24',
        format: OutputFormat.ESM,
        mainFields: ['module', 'main'],
        // Bundled CommonJS dependencies still call require(): give ESM one.
        banner: "import { createRequire as sirpCreateRequire } from 'node:module'; const require = sirpCreateRequire(import.meta.url);",
        // The Node.js 24 runtime ships AWS SDK v3.
        externalModules: ['@aws-sdk/*'],
        define: { 'process.env.SIRP_PLAN_JSON': JSON.stringify(JSON.stringify(props.plan)) },
      },
    });

    acknowledgeGrantWildcards(
      this,
      props.table.grantReadWriteData(this.function),
      "The table's own global indexes (`<table>/index/*`): queries by status and by approval go through gsi1.",
    );
    props.timelineSecret?.grantRead(this.function);
    props.topic?.grantPublish(this.function);
    props.signingSecret?.grantRead(this.function);
    props.incidentStateMachine?.grantStartExecution(this.function);
    props.communicationStateMachine?.grantStartExecution(this.function);
    for (const machine of props.answersTasksOf ?? []) machine.grantTaskResponse(this.function);
    acknowledgeFunctionRole(this);
  }
}

function environmentOf(props: WorkflowFunctionProps): Record<string, string> {
  const env: Record<string, string> = {
    SIRP_ORG: props.plan.org,
    TABLE_NAME: props.table.tableName,
    POWERTOOLS_SERVICE_NAME: `sirp-${props.name}`,
    NODE_OPTIONS: '--enable-source-maps',
  };
  if (props.timelineSecret) env.TIMELINE_SECRET_ARN = props.timelineSecret.secretArn;
  if (props.topic) env.TOPIC_ARN = props.topic.topicArn;
  if (props.signingSecret) env.SIGNING_SECRET_ARN = props.signingSecret.secretArn;
  if (props.incidentStateMachine) env.INCIDENT_STATE_MACHINE_ARN = props.incidentStateMachine.stateMachineArn;
  if (props.communicationStateMachine) env.COMMUNICATION_STATE_MACHINE_ARN = props.communicationStateMachine.stateMachineArn;
  if (props.approvalBaseUrl !== undefined) env.APPROVAL_BASE_URL = props.approvalBaseUrl;
  return env;
}
