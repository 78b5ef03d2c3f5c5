import { CliError, type CliIo, EXIT } from './cli-io';
import { call, getJson } from './runtime-client';
import { table } from './table';

interface Task {
  taskId: string;
  incidentId: string;
  phase: string;
  title: string;
  automated: boolean;
  extraordinary: boolean;
  target: { id: string } | null;
  assignee: string | null;
  status: string;
  outcome: string | null;
}

/**
 * `sirp tasks [--incident ID]`: the containment and recovery tasks of one
 * incident, or of every open incident; human tasks with their assignee,
 * automated actions with what they did (or, dry run, would do).
 *
 * @example
 * sirp tasks --incident inc-01jd7x3k9m
 */
export async function listTasks(args: { endpoint: string; json: boolean; incident?: string | undefined }, io: CliIo): Promise<number> {
  const incidents = args.incident !== undefined ? [args.incident] : (await getJson<{ id: string }[]>(args.endpoint, '/api/incidents?status=open', io)).map((i) => i.id);
  const tasks = (await Promise.all(incidents.map((id) => getJson<Task[]>(args.endpoint, `/api/tasks?incident=${encodeURIComponent(id)}`, io)))).flat();
  if (args.json) {
    io.out(JSON.stringify(tasks, null, 2));
    return EXIT.ok;
  }
  io.out(
    table(
      ['TASK', 'PHASE', 'KIND', 'STATUS', 'ASSIGNEE', 'WHAT'],
      tasks.map((t) => [
        t.taskId,
        t.phase,
        `${t.automated ? 'automated' : 'human'}${t.extraordinary ? ', extraordinary' : ''}`,
        t.status,
        t.assignee ?? '-',
        `${t.title}${t.target === null ? '' : ` on ${t.target.id}`}${t.outcome === null ? '' : `: ${t.outcome}`}`.slice(0, 100),
      ]),
    ),
  );
  return EXIT.ok;
}

/**
 * `sirp tasks ack|done <task-id> --as <contact>`: "I have it", then done.
 * Only the assignee or the Crisis Lead may; anyone else is refused (exit 3).
 */
export async function updateTask(args: { endpoint: string; json: boolean; action: string | undefined; taskId: string | undefined; as: string | undefined }, io: CliIo): Promise<number> {
  if (args.action !== 'ack' && args.action !== 'done') throw new CliError('usage: sirp tasks ack|done <task-id> --as <contact>', EXIT.badInput);
  if (args.taskId === undefined) throw new CliError('a task id is required (see sirp tasks)', EXIT.badInput);
  if (args.as === undefined) throw new CliError('--as <contact> is required: who is acknowledging or completing the task', EXIT.badInput);
  const response = await call(args.endpoint, `/api/tasks/${encodeURIComponent(args.taskId)}/${args.action}`, io, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ as: args.as }),
  });
  const body = JSON.parse(response.text || '{}') as Partial<Task> & { error?: string };
  if (response.status === 409) throw new CliError(body.error ?? 'refused', EXIT.refused);
  if (response.status === 400 || response.status === 404) throw new CliError(body.error ?? `HTTP ${response.status}`, EXIT.badInput);
  if (response.status !== 200) throw new CliError(body.error ?? `HTTP ${response.status}`);
  io.out(args.json ? JSON.stringify(body, null, 2) : `${body.taskId ?? args.taskId}: ${body.status ?? '?'}`);
  return EXIT.ok;
}
