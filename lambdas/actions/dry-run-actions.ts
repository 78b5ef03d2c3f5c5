import { describeAction } from '../../core/response/actions';
import type { ActionOutcome, ActionRequest, ActionsPort } from './actions.port';

/** Changes nothing: records what the action would do. The embedded runtime and every drill use it. */
export class DryRunActions implements ActionsPort {
  run(request: ActionRequest): Promise<ActionOutcome> {
    return Promise.resolve({ performed: false, summary: `dry run: would ${describeAction(request.kind, request.target)}` });
  }
}
