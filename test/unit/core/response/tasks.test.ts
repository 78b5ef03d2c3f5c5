import { TransitionRefusedError } from '../../../../core/errors/sirp-error';
import type { ActionProposal } from '../../../../core/response/actions';
import { acknowledgeTask, approveTask, assigneeFor, completeTask, incidentOfTask, newTask, refuseTask, settleAutomated } from '../../../../core/response/tasks';
import { openWorkstream } from '../../../../core/response/workstreams';
import { MINUTE, mobilized, T0 } from './response-fixtures';

const human: ActionProposal = { taskId: 'inc-01jd7x3k9m.restore', incidentId: 'inc-01jd7x3k9m', actionId: 'restore', title: 'Restore', phase: 'recover', automated: false, extraordinary: false, target: null };
const automated: ActionProposal = { ...human, taskId: 'inc-01jd7x3k9m.isolate', actionId: 'isolate', title: 'Isolate', phase: 'contain', automated: true, target: { type: 'AwsEc2Instance', id: 'i-1' } };

describe('tasks', () => {
  it('reads the incident from a task id', () => {
    expect(incidentOfTask('inc-01jd7x3k9m.restore')).toBe('inc-01jd7x3k9m');
    expect(incidentOfTask('restore')).toBeUndefined();
  });

  it('assigns human tasks to the first Engineering member after the Crisis Lead, else to the Crisis Lead', () => {
    expect(assigneeFor(openWorkstream(mobilized(), 'engineering', ['lena', 'dev'], T0))).toBe('dev');
    expect(assigneeFor(mobilized())).toBe('lena');
  });

  it('opens a human task for its assignee, an automated one for nobody, and an extraordinary one waiting for approval', () => {
    expect(newTask(human, 'dev', T0)).toEqual(expect.objectContaining({ status: 'open', assignee: 'dev', version: 1 }));
    expect(newTask(automated, 'dev', T0)).toEqual(expect.objectContaining({ status: 'open', assignee: null }));
    expect(newTask({ ...automated, extraordinary: true }, 'dev', T0).status).toBe('awaiting-approval');
  });

  it('opens an approved extraordinary task, sets aside a refused one, and leaves a settled task as it is', () => {
    const waiting = newTask({ ...automated, extraordinary: true }, null, T0);
    const approved = approveTask(waiting, 'eve', T0 + MINUTE);
    expect([approved.status, approved.outcome]).toEqual(['open', 'approved by eve']);
    expect(approveTask(approved, 'eve', T0)).toBe(approved);
    expect(refuseTask(approved, 'late', T0)).toBe(approved);
    const refused = refuseTask(waiting, 'no executive approved it in time', T0 + MINUTE);
    expect(refused.status).toBe('refused');
  });

  it('settles an automated action once, lets a failed one run again, and never runs a human or unapproved one', () => {
    const open = newTask(automated, null, T0);
    const failed = settleAutomated(open, false, 'failed: AccessDenied', T0);
    expect(failed.status).toBe('failed');
    const completed = settleAutomated(failed, true, 'dry run: would isolate', T0);
    expect(completed.status).toBe('completed');
    expect(settleAutomated(completed, true, 'again', T0)).toBe(completed);
    expect(() => settleAutomated(newTask(human, 'dev', T0), true, 'x', T0)).toThrow(TransitionRefusedError);
    expect(() => settleAutomated(newTask({ ...automated, extraordinary: true }, null, T0), true, 'x', T0)).toThrow(/awaiting-approval/);
  });

  it('lets the assignee or the Crisis Lead acknowledge and complete a human task, in that order', () => {
    const open = newTask(human, 'dev', T0);
    const acked = acknowledgeTask(open, 'dev', 'lena', T0 + MINUTE);
    expect([acked.status, acked.acknowledgedAt]).toEqual(['acknowledged', new Date(T0 + MINUTE).toISOString()]);
    expect(() => acknowledgeTask(acked, 'dev', 'lena', T0)).toThrow(/only an open task/);
    const done = completeTask(acked, 'lena', 'lena', T0 + 2 * MINUTE);
    expect([done.status, done.doneBy]).toEqual(['done', 'lena']);
    expect(completeTask(open, 'dev', 'lena', T0).status).toBe('done');
    expect(() => completeTask(done, 'dev', 'lena', T0)).toThrow(/only an open or acknowledged/);
  });

  it('refuses anyone else, and refuses to move an automated action by hand', () => {
    expect(() => acknowledgeTask(newTask(human, 'dev', T0), 'cam', 'lena', T0)).toThrow(/assigned to dev/);
    expect(() => completeTask(newTask(human, null, T0), 'cam', null, T0)).toThrow(/assigned to nobody/);
    expect(() => completeTask(newTask(automated, null, T0), 'lena', 'lena', T0)).toThrow(/automated/);
  });
});
