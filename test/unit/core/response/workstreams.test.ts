import { TransitionRefusedError } from '../../../../core/errors/sirp-error';
import { markEngaged, openWorkstream, workstreamMembers } from '../../../../core/response/workstreams';
import { MINUTE, mobilized, plan, T0 } from './response-fixtures';

describe('workstreamMembers', () => {
  it('puts the Crisis Lead first, then the engaged groups that staff the workstream, without repeats', () => {
    const sev1 = mobilized({ severity: 'sev1' });
    expect(workstreamMembers(plan, sev1, 'engineering')).toEqual(['lena', 'dev']);
    expect(workstreamMembers(plan, sev1, 'communications')).toEqual(['lena', 'cam']);
  });

  it('has only the Crisis Lead when no staffing group is engaged for the severity', () => {
    expect(workstreamMembers(plan, mobilized(), 'communications')).toEqual(['lena']);
    expect(workstreamMembers(plan, mobilized({ severity: 'sev4' }), 'engineering')).toEqual(['lena']);
    expect(workstreamMembers({ ...plan, stakeholders: {}, engagement: { sev2: ['engineering'] } }, mobilized(), 'engineering')).toEqual(['lena']);
  });

  it('refuses before the incident has a Crisis Lead', () => {
    expect(() => workstreamMembers(plan, mobilized({ crisisLead: null }), 'engineering')).toThrow(TransitionRefusedError);
  });
});

describe('openWorkstream', () => {
  it('records the members and the time, and opening it again changes nothing', () => {
    const incident = mobilized();
    const opened = openWorkstream(incident, 'engineering', ['lena', 'dev'], T0 + MINUTE);
    expect(opened.workstreams?.engineering).toEqual({ members: ['lena', 'dev'], openedAt: new Date(T0 + MINUTE).toISOString() });
    expect(opened.version).toBe(incident.version + 1);
    expect(openWorkstream(opened, 'engineering', ['someone'], T0 + 2 * MINUTE)).toBe(opened);
    const both = openWorkstream(opened, 'communications', ['lena'], T0 + 2 * MINUTE);
    expect(Object.keys(both.workstreams ?? {})).toEqual(['engineering', 'communications']);
  });

  it('refuses on a closed incident', () => {
    expect(() => openWorkstream(mobilized({ status: 'closed' }), 'engineering', ['lena'], T0)).toThrow(TransitionRefusedError);
  });
});

describe('markEngaged', () => {
  it('records the time once', () => {
    const engaged = markEngaged(mobilized(), T0);
    expect(engaged.engagedAt).toBe(new Date(T0).toISOString());
    expect(markEngaged(engaged, T0 + MINUTE)).toBe(engaged);
  });
});
