import { CfnOutput, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { Plan } from '../core/plan/plan.schema';
import { IncidentResponse } from './incident-response';
import { stackNameFor } from './names';

export interface IncidentResponseStackProps extends Omit<StackProps, 'stackName'> {
  readonly plan: Plan;
}

/**
 * One organization's stack, `sirp-<org>`, in the account and region the plan
 * names (environment-agnostic where it names none), tagged `sirp:org=<org>`.
 * It composes `IncidentResponse` and publishes what an operator wires by hand.
 */
export class IncidentResponseStack extends Stack {
  readonly incidentResponse: IncidentResponse;

  constructor(scope: Construct, id: string, props: IncidentResponseStackProps) {
    const { plan } = props;
    super(scope, id, {
      ...props,
      stackName: stackNameFor(plan.org),
      description: `sirp incident response for ${plan.name}`,
      env: props.env ?? { account: plan.aws.account, region: plan.aws.region },
    });
    Tags.of(this).add('sirp:org', plan.org);
    this.incidentResponse = new IncidentResponse(this, 'IncidentResponse', { plan });

    new CfnOutput(this, 'ApprovalStageUrl', {
      description: "Map the plan's approvals.baseUrl (a custom domain) to this stage",
      value: this.incidentResponse.approvalApi.url,
    });
    new CfnOutput(this, 'DeclarationApiUrl', {
      description: 'POST <url>declare (SigV4; attach the sirp-<org>-declare policy) declares an incident by hand',
      value: this.incidentResponse.declarationApi.url,
    });
    new CfnOutput(this, 'CommsApiUrl', {
      description: 'POST <url>incidents/<id>/comms (SigV4; attach the sirp-<org>-comms policy) drafts a communication for the Crisis Lead',
      value: this.incidentResponse.commsApi.api.url,
    });
    new CfnOutput(this, 'AlarmTopicArn', {
      description: 'Add as an action of CloudWatch alarms that should open incidents',
      value: this.incidentResponse.alarmTopic.topicArn,
    });
  }
}
