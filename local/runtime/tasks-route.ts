import type { IncomingMessage, ServerResponse } from 'node:http';
import { SirpError } from '../../core/errors/sirp-error';
import { IncidentIdSchema } from '../../core/incident/incident.schema';
import { formatZodIssues } from '../../core/validation/zod-issues';
import { runTaskCommand, TaskCommandSchema, type TaskCommandDeps } from '../../lambdas/steps/task-commands';
import { BodyTooLargeError, readBody } from './http-body';
import { sendError, sendJson } from './json-response';

/**
 * `GET /api/tasks?incident=<id>` lists an incident's containment and recovery
 * tasks; `POST /api/tasks/<task id>/ack|done` with `{ "as": "<contact>" }`
 * acknowledges or completes a human task (what `sirp tasks` calls).
 */
export async function handleTasks(req: IncomingMessage, res: ServerResponse, path: string, deps: TaskCommandDeps): Promise<void> {
  if (path === '/api/tasks' && req.method === 'GET') {
    const parsed = IncidentIdSchema.safeParse(new URL(req.url ?? '/', 'http://runtime.invalid').searchParams.get('incident'));
    if (!parsed.success) {
      sendError(res, 400, 'incident: must look like "inc-01jd7x3k9m"', 'incident');
      return;
    }
    sendJson(res, 200, await deps.tasks.list(parsed.data));
    return;
  }
  const command = /^\/api\/tasks\/([^/]{1,200})\/([a-z]{1,10})$/.exec(path);
  if (command === null || req.method !== 'POST') {
    sendError(res, command === null ? 404 : 405, command === null ? `no API at ${path}` : `${req.method ?? ''} is not allowed on ${path}`);
    return;
  }
  let body: unknown;
  try {
    body = JSON.parse((await readBody(req, 4096)).toString('utf8') || '{}');
  } catch (error) {
    if (error instanceof BodyTooLargeError) sendError(res, 413, error.message);
    else sendError(res, 400, 'the body must be JSON like {"as": "<contact id>"}');
    return;
  }
  const parsed = TaskCommandSchema.safeParse({ ...(typeof body === 'object' && body !== null ? body : {}), taskId: decodeURIComponent(command[1] ?? ''), action: command[2] });
  if (!parsed.success) {
    const [issue] = formatZodIssues(parsed.error);
    sendError(res, 400, `${issue?.path ?? 'body'}: ${issue?.message ?? 'invalid'}`, issue?.path);
    return;
  }
  try {
    sendJson(res, 200, await runTaskCommand(parsed.data, deps));
  } catch (error) {
    if (!(error instanceof SirpError) || !error.terminal) throw error;
    sendError(res, 409, error.message);
  }
}
