import { type ActionClients, actionClients } from '../shared/clients';
import type { ActionOutcome, ActionRequest, ActionsPort } from './actions.port';
import type { AwsActionsConfig } from './aws-actions';

/**
 * The AWS adapter, loaded at its first action: the EC2, IAM and S3 SDKs
 * (about 0.4 s to load) stay out of a steps function that never contains
 * anything, and out of the embedded runtime, which imports the steps handler
 * but runs the dry-run adapter.
 *
 * @example
 * const actions = awsActionsOnDemand({ quarantineGroupName: 'sirp-acme-quarantine' });
 * await actions.run({ incidentId, actionId, kind: 'block-s3-public-access', target: { type: 'bucket', id: 'my-bucket' } });
 */
export function awsActionsOnDemand(
  config: Omit<AwsActionsConfig, 'clients'>,
  loadClients: () => Promise<ActionClients> = actionClients,
): ActionsPort {
  let adapter: Promise<ActionsPort> | undefined;
  const load = async (): Promise<ActionsPort> => {
    const [{ AwsActions }, clients] = await Promise.all([import('./aws-actions'), loadClients()]);
    return new AwsActions({ ...config, clients });
  };
  return {
    async run(request: ActionRequest): Promise<ActionOutcome> {
      adapter ??= load();
      return (await adapter).run(request);
    },
  };
}
