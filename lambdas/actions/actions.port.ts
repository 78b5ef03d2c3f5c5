import type { ActionTarget, AutomatedKind } from '../../core/response/actions';

/** One automated action on one resource, as the plan allows it for this incident. */
export interface ActionRequest {
  readonly incidentId: string;
  readonly actionId: string;
  readonly kind: AutomatedKind;
  readonly target: ActionTarget;
}

/** What happened: `performed` is false for a dry run, which only says what it would do. */
export interface ActionOutcome {
  readonly performed: boolean;
  readonly summary: string;
}

/**
 * The containment actions port. The stack uses the AWS adapter (least-privilege
 * role, real API calls); the embedded runtime and drills use the dry-run
 * adapter, which changes nothing and says what it would have done.
 */
export interface ActionsPort {
  run(request: ActionRequest): Promise<ActionOutcome>;
}

/** An action the adapter could not carry out and that retrying will not fix (bad target, access denied). */
export class ActionFailedError extends Error {
  override readonly name = 'Actions.Failed';
}
