import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { type IStateMachine, StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { Plan } from '../core/plan/plan.schema';
import { MACHINES, type MachineName, type WorkflowFunctionName } from '../core/workflow/workflow-names';
import { ApprovalApi } from './approval-api';
import { CommsApi } from './comms-api';
import { EncryptionKey } from './encryption-key';
import { acknowledgeSynchronousFunction, acknowledgeUnreservedConcurrency } from './function-acknowledgements';
import { ExecutionFailureRule } from './execution-failure-rule';
import { IncidentTable } from './incident-table';
import { Intake } from './intake';
import { removalPolicyFor } from './names';
import { NotificationTopic } from './notification-topic';
import { PhaseStateMachine, stateMachineNameFor } from './phase-state-machine';
import { SigningSecret } from './signing-secret';
import { grantContainmentActions } from './containment-permissions';
import { SyncReminderRule } from './sync-reminder-rule';
import { type FunctionName, WorkflowFunction } from './workflow-function';

export interface IncidentResponseProps {
  /** The validated organization plan (`PlanSchema` output). */
  readonly plan: Plan;
}

/** An event storm must not starve the account's other functions; 20 triage runs at once clears a storm in seconds. */
const TRIAGE_CONCURRENCY = 20;

/**
 * Everything one organization needs to run incidents in its own account:
 * the table, the notifications topic (one subscription per person and
 * channel), the workflow functions and the phase state machines, the
 * approval API, the intake of signals and the alarm on broken workflows.
 * All physical names start with `sirp-<org>-` and every grant stays inside
 * the construct: two organizations can live in one account.
 *
 * @example
 * const plan = loadPlanFile('orgs/acme.yaml');
 * new IncidentResponse(stack, 'IncidentResponse', { plan });
 */
export class IncidentResponse extends Construct {
  readonly table: ITable;
  readonly notifications: ITopic;
  readonly alarmTopic: ITopic;
  readonly functions: Readonly<Record<FunctionName, IFunction>>;
  readonly stateMachines: Readonly<Record<MachineName, IStateMachine>>;
  readonly approvalApi: ApprovalApi;
  /** `POST /incidents/{id}/comms`: drafts a communication and starts its workflow (IAM). */
  readonly commsApi: CommsApi;
  /** `POST /declare`: a person opens an incident (IAM). */
  readonly declarationApi: RestApi;

  constructor(scope: Construct, id: string, props: IncidentResponseProps) {
    super(scope, id);
    const { plan } = props;
    const org = plan.org;
    const removalPolicy = removalPolicyFor(plan.deletionProtection);

    const { key } = new EncryptionKey(this, 'Key', { org, removalPolicy });
    const { table } = new IncidentTable(this, 'Table', {
      org,
      encryptionKey: key,
      deletionProtection: plan.deletionProtection,
      removalPolicy,
    });
    const { topic } = new NotificationTopic(this, 'Notifications', { org, contacts: plan.contacts, encryptionKey: key });
    const secrets = { org, encryptionKey: key, removalPolicy };
    const signing = new SigningSecret(this, 'ApprovalSigningKey', { ...secrets, purpose: 'approval' }).secret;
    const timeline = new SigningSecret(this, 'TimelineSigningKey', { ...secrets, purpose: 'timeline' }).secret;
    const common = { plan, table, encryptionKey: key, removalPolicy };

    // This stack's machines by name: they reference the steps function's ARN, so Refs back to them would be a cycle.
    const ownMachines = MACHINES.map((m) => StateMachine.fromStateMachineName(this, `${pascal(m)}ByName`, stateMachineNameFor(org, m)));

    const steps = new WorkflowFunction(this, 'Steps', {
      ...common,
      name: 'steps',
      timelineSecret: timeline,
      description: `sirp ${org}: workflow steps (records, gates, approval requests)`,
      timeout: Duration.seconds(30),
      topic,
      signingSecret: signing,
      approvalBaseUrl: plan.approvals.baseUrl,
      // On a resume, an approval already decided answers the gate's new task token.
      answersTasksOf: ownMachines,
    }).function;
    const notify = new WorkflowFunction(this, 'Notify', {
      ...common,
      name: 'notify',
      timelineSecret: timeline,
      description: `sirp ${org}: notifications to people, and broken-workflow alerts`,
      timeout: Duration.seconds(30),
      topic,
    }).function;

    const workflowFunctions: Record<WorkflowFunctionName, IFunction> = { steps, notify };
    const machines: Partial<Record<MachineName, IStateMachine>> = {};
    for (const machine of MACHINES) {
      machines[machine] = new PhaseStateMachine(this, `${pascal(machine)}Workflow`, {
        org,
        machine,
        functions: workflowFunctions,
        table,
        topic,
        encryptionKey: key,
        removalPolicy,
      }).stateMachine;
    }
    const stateMachines = machines as Record<MachineName, IStateMachine>;

    const triage = new WorkflowFunction(this, 'Triage', {
      ...common,
      name: 'triage',
      timelineSecret: timeline,
      description: `sirp ${org}: intake of alarms and findings`,
      timeout: Duration.seconds(30),
      reservedConcurrentExecutions: TRIAGE_CONCURRENCY,
      incidentStateMachine: stateMachines.incident,
    }).function;
    const approval = new WorkflowFunction(this, 'Approval', {
      ...common,
      name: 'approval',
      // An acknowledgement ("I have it") is recorded on the hash-chained timeline.
      timelineSecret: timeline,
      description: `sirp ${org}: approval pages (GET shows, POST decides)`,
      // API Gateway gives up after 29 s; a person is waiting for the page.
      timeout: Duration.seconds(10),
      signingSecret: signing,
      // A decision answers the gate's callback task.
      answersTasksOf: ownMachines,
    }).function;

    this.approvalApi = new ApprovalApi(this, 'ApprovalApi', { org, handler: approval, encryptionKey: key, removalPolicy });
    const comms = new WorkflowFunction(this, 'Comms', {
      ...common,
      name: 'comms',
      description: `sirp ${org}: communication drafts (stored, then the Crisis Lead is asked)`,
      // API Gateway gives up after 29 s; a person is waiting for the answer.
      timeout: Duration.seconds(10),
      // StartExecution on the communication workflow, and no other machine.
      communicationStateMachine: stateMachines.communication,
    }).function;
    this.commsApi = new CommsApi(this, 'CommsApi', { org, handler: comms, encryptionKey: key, removalPolicy });
    const intake = new Intake(this, 'Intake', { plan, triage, encryptionKey: key, removalPolicy });
    // Containment actions run for real here (the embedded runtime dry-runs them), with only the calls the plan's catalogue needs.
    steps.addEnvironment('ACTIONS_MODE', 'aws');
    grantContainmentActions(steps, plan);
    new SyncReminderRule(this, 'SyncReminders', { org, steps, deadLetterQueue: intake.deadLetterQueue });
    new ExecutionFailureRule(this, 'ExecutionFailures', {
      org,
      stateMachines: Object.values(stateMachines),
      notify,
      deadLetterQueue: intake.deadLetterQueue,
    });

    // steps: the workflows call it synchronously, the reminder rule asynchronously (its on-failure destination is acknowledged there).
    acknowledgeSynchronousFunction(approval, 'API Gateway (Lambda proxy integration)');
    acknowledgeSynchronousFunction(comms, 'API Gateway (Lambda proxy integration)');
    acknowledgeUnreservedConcurrency(steps, 'the workflows: a few Tasks per open incident');
    acknowledgeUnreservedConcurrency(notify, 'the workflows and the execution-failure rule');
    acknowledgeUnreservedConcurrency(approval, 'the API stage throttle (20 requests/s, burst 40)');
    acknowledgeUnreservedConcurrency(comms, 'the API stage throttle (5 requests/s, burst 10)');

    this.table = table;
    this.notifications = topic;
    this.alarmTopic = intake.alarmTopic;
    this.declarationApi = intake.declarationApi.api;
    this.functions = { triage, steps, notify, approval, comms };
    this.stateMachines = stateMachines;
  }
}

const pascal = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);
