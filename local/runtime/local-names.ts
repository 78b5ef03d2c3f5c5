import type { Plan } from '../../core/plan/plan.schema';
import { MACHINES, type MachineName, WORKFLOW_FUNCTIONS, type WorkflowFunctionName } from '../../core/workflow/workflow-names';

/**
 * The names of one organization's resources in the embedded runtime, shaped
 * like their AWS counterparts so handlers and ASL see familiar ARNs. The
 * account id is AWS's documentation placeholder: nothing here is real.
 */
export function localNames(plan: Plan) {
  const region = plan.aws.region ?? 'us-east-1';
  const account = '000000000000';
  const prefix = `sirp-${plan.org}`;
  const machineArn = (m: MachineName): string => `arn:aws:states:${region}:${account}:stateMachine:${prefix}-${m}`;
  const functionArn = (f: string): string => `arn:aws:lambda:${region}:${account}:function:${prefix}-${f}`;
  return {
    region,
    account,
    tableName: prefix,
    topicArn: `arn:aws:sns:${region}:${account}:${prefix}-notifications`,
    signingSecretName: `${prefix}-signing`,
    timelineSecretName: `${prefix}-timeline`,
    // Secrets Manager takes a name wherever it takes an ARN; the local store gives ARNs a random suffix like AWS.
    signingSecretArn: `${prefix}-signing`,
    timelineSecretArn: `${prefix}-timeline`,
    machineArns: Object.fromEntries(MACHINES.map((m) => [m, machineArn(m)])) as Record<MachineName, string>,
    functionArns: Object.fromEntries(WORKFLOW_FUNCTIONS.map((f) => [f, functionArn(f)])) as Record<WorkflowFunctionName, string>,
    machineName: (m: MachineName): string => `${prefix}-${m}`,
  };
}

export type LocalNames = ReturnType<typeof localNames>;
