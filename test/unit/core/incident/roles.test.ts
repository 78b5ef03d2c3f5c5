import {
  GROUP_ROLE,
  INCIDENT_ROLES,
  STAKEHOLDER_GROUPS,
  StakeholderGroupSchema,
  WORKSTREAM_GROUPS,
  WORKSTREAMS,
  WorkstreamSchema,
} from '../../../../core/incident/roles';

describe('roles', () => {
  it('engages PR, communications, support, legal and executives as well as engineering', () => {
    expect([...STAKEHOLDER_GROUPS].sort()).toEqual(
      ['communications', 'customer-support', 'engineering', 'executives', 'legal', 'pr'],
    );
  });

  it('tells every stakeholder group in words what it is asked to do', () => {
    expect(Object.keys(GROUP_ROLE).sort()).toEqual([...STAKEHOLDER_GROUPS].sort());
    for (const group of STAKEHOLDER_GROUPS) expect(GROUP_ROLE[group].length).toBeGreaterThan(20);
  });

  it('splits the response into an engineering and a communications workstream', () => {
    expect(WORKSTREAMS).toEqual(['engineering', 'communications']);
    expect(WorkstreamSchema.safeParse('legal').success).toBe(false);
  });

  it('staffs the workstreams from stakeholder groups, each group in at most one workstream', () => {
    const staffed = WORKSTREAMS.flatMap((w) => WORKSTREAM_GROUPS[w]);

    for (const group of staffed) expect(StakeholderGroupSchema.parse(group)).toBe(group);
    expect(new Set(staffed).size).toBe(staffed.length);
    expect(WORKSTREAM_GROUPS.engineering).toEqual(['engineering']);
    expect(WORKSTREAM_GROUPS.communications).toEqual(['communications', 'pr', 'customer-support', 'legal']);
  });

  it('keeps executives out of the workstreams: they approve, they do not work a stream', () => {
    expect(WORKSTREAMS.flatMap((w) => WORKSTREAM_GROUPS[w])).not.toContain('executives');
  });

  it('knows the four roles a person can hold in an incident', () => {
    expect(INCIDENT_ROLES).toEqual(['crisis-lead', 'deputy', 'executive', 'stakeholder']);
  });
});
