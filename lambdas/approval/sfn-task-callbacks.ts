import { SendTaskFailureCommand, SendTaskSuccessCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { TaskCallback } from '../../core/approval/task-callback';
import { SirpError } from '../../core/errors/sirp-error';
import type { CallbackDelivery, TaskCallbacks } from './task-callbacks.port';

/** Step Functions' answers meaning "nobody waits on this token any more". */
const TASK_CLOSED = new Set(['TaskTimedOut', 'TaskDoesNotExist']);

/**
 * A callback Step Functions did not take for another reason (throttling, an
 * outage, an invalid token). Only the SDK error's name is kept: its message
 * may quote the token, so the SDK error itself is not attached as a cause.
 */
export class TaskCallbackError extends SirpError {
  override readonly name = 'TaskCallbackError';

  constructor(readonly sdkErrorName: string) {
    super('APPROVAL.CALLBACK_FAILED', `Step Functions did not take the decision: ${sdkErrorName}`, { terminal: false });
  }
}

/** Answers waiting tasks through Step Functions (or the embedded engine's compatible endpoint). */
export class SfnTaskCallbacks implements TaskCallbacks {
  constructor(private readonly sfn: SFNClient) {}

  async send(taskToken: string, callback: TaskCallback): Promise<CallbackDelivery> {
    try {
      if (callback.kind === 'success') {
        await this.sfn.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(callback.output) }));
      } else {
        await this.sfn.send(new SendTaskFailureCommand({ taskToken, error: callback.error, cause: callback.cause }));
      }
      return 'delivered';
    } catch (error) {
      const name = error instanceof Error ? error.name : 'UnknownError';
      if (TASK_CLOSED.has(name)) return 'task-closed';
      throw new TaskCallbackError(name);
    }
  }
}
