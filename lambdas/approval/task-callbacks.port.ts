import type { TaskCallback } from '../../core/approval/task-callback';

/**
 * `delivered`: the waiting task took the answer. `task-closed`: Step Functions
 * says the task no longer waits (TaskTimedOut, TaskDoesNotExist): the workflow
 * has moved on, and the page says so.
 */
export type CallbackDelivery = 'delivered' | 'task-closed';

/**
 * Answers a task waiting with `.waitForTaskToken`. Anything other than the two
 * outcomes above throws (`TaskCallbackError`, retryable).
 */
export interface TaskCallbacks {
  send(taskToken: string, callback: TaskCallback): Promise<CallbackDelivery>;
}
