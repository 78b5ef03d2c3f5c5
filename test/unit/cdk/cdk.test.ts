/**
 * Every CDK test in one jest suite. Loading aws-cdk-lib under jest costs
 * 10–20 s per suite on two cores, and a stack per plan takes seconds to
 * synthesize: one suite loads the library once and `synthesize` builds each
 * set of plans once (see synth.ts). Each *.cdk.ts file keeps its own describe.
 */
import './app.cdk';
import './approval-api.cdk';
import './asl-usage.cdk';
import './cdk-nag.cdk';
import './comms-api.cdk';
import './containment-and-reminders.cdk';
import './iam-authorized-api.cdk';
import './iam-policies.cdk';
import './incident-response-stack.cdk';
import './incident-table.cdk';
import './intake-patterns.cdk';
import './intake.cdk';
import './notification-topic.cdk';
import './org-plans.cdk';
import './phase-state-machine.cdk';
import './two-orgs.cdk';
import './workflow-function.cdk';
