import { engagementMessage, stakeholdersToEngage } from '../../../../core/response/stakeholders';
import { mobilized, plan } from './response-fixtures';

describe('stakeholdersToEngage', () => {
  it('engages each person of the severity\'s groups once, with every group they are in, leaving out the Crisis Lead', () => {
    const sev1 = mobilized({ severity: 'sev1', crisisLead: 'dev' });
    expect(stakeholdersToEngage(plan, sev1)).toEqual([
      { contact: 'lena', groups: ['engineering'] },
      { contact: 'cam', groups: ['communications'] },
      { contact: 'eve', groups: ['executives'] },
    ]);
  });

  it('engages nobody for a severity the plan does not name', () => {
    expect(stakeholdersToEngage(plan, mobilized({ severity: 'sev4' }))).toEqual([]);
  });

  it('skips a group the plan has nobody in', () => {
    expect(stakeholdersToEngage({ ...plan, engagement: { sev2: ['legal'] } }, mobilized())).toEqual([]);
  });

  it('merges the groups of a person named in two of them', () => {
    const both = { ...plan, stakeholders: { engineering: ['cam'], communications: ['cam'] }, engagement: { sev2: ['engineering' as const, 'communications' as const] } };
    expect(stakeholdersToEngage(both, mobilized())).toEqual([{ contact: 'cam', groups: ['engineering', 'communications'] }]);
  });
});

describe('engagementMessage', () => {
  it('tells the person the incident, the Crisis Lead and the role of each of their groups', () => {
    const message = engagementMessage(mobilized(), { contact: 'cam', groups: ['communications', 'legal'] });
    expect(message.subject).toBe('[sirp] SEV2 inc-01jd7x3k9m: you are engaged (communications, legal)');
    expect(message.body).toContain('Crisis Lead: lena.');
    expect(message.body).toContain('- legal: Assess notification duties');
    expect(message.sms).toBe('SIRP SEV2 inc-01jd7x3k9m: you are engaged as communications, legal. Crisis Lead lena.');
  });

  it('says when there is no Crisis Lead yet', () => {
    const message = engagementMessage(mobilized({ crisisLead: null }), { contact: 'cam', groups: ['pr'] });
    expect(message.body).toContain('Crisis Lead: not yet named.');
    expect(message.sms).toContain('Crisis Lead -.');
  });
});
