import { describeAction, planAction, proposeActions } from '../../../../core/response/actions';
import { mobilized, plan, T0 } from './response-fixtures';

const context = (resources: { type: string; id: string }[]) => ({
  gatheredAt: new Date(T0).toISOString(),
  signals: 1,
  resources: resources.map((r) => ({ ...r, tags: {} })),
  earlierIncidents: [],
});

const catalogue = {
  containment: {
    actions: [
      { id: 'isolate', title: 'Isolate', kind: 'isolate-ec2-instance' as const, phase: 'contain' as const, extraordinary: false, approvers: [] },
      { id: 'disable-key', title: 'Disable key', kind: 'disable-iam-access-key' as const, phase: 'contain' as const, extraordinary: false, approvers: [] },
      { id: 'offline', title: 'Go offline', kind: 'manual' as const, phase: 'contain' as const, extraordinary: true, approvers: ['eve'] },
      { id: 'restore', title: 'Restore', kind: 'manual' as const, phase: 'recover' as const, extraordinary: false, approvers: [] },
    ],
  },
};

describe('proposeActions', () => {
  it('proposes every human task of the phase, and each automated action once per resource of its type', () => {
    const incident = mobilized({ context: context([{ type: 'AwsEc2Instance', id: 'i-1' }, { type: 'AwsEc2Instance', id: 'i-2' }, { type: 'AwsS3Bucket', id: 'b' }]) });
    const proposals = proposeActions(incident, catalogue, 'contain');
    expect(proposals.map((p) => [p.taskId, p.automated, p.extraordinary, p.target?.id ?? null])).toEqual([
      ['inc-01jd7x3k9m.isolate.1', true, false, 'i-1'],
      ['inc-01jd7x3k9m.isolate.2', true, false, 'i-2'],
      ['inc-01jd7x3k9m.offline', false, true, null],
    ]);
    expect(proposeActions(incident, catalogue, 'recover').map((p) => p.taskId)).toEqual(['inc-01jd7x3k9m.restore']);
  });

  it('addresses an access key with the user the signals name, and acts on nothing without context', () => {
    const withUser = mobilized({ context: context([{ type: 'AwsIamAccessKey', id: 'AKIA1' }, { type: 'AwsIamUser', id: 'bob' }]) });
    expect(proposeActions(withUser, catalogue, 'contain')[0]).toEqual(expect.objectContaining({ taskId: 'inc-01jd7x3k9m.disable-key', target: { type: 'AwsIamAccessKey', id: 'AKIA1', userName: 'bob' } }));
    const noUser = mobilized({ context: context([{ type: 'AwsIamAccessKey', id: 'AKIA1' }]) });
    expect(proposeActions(noUser, catalogue, 'contain')[0]?.target).toEqual({ type: 'AwsIamAccessKey', id: 'AKIA1' });
    expect(proposeActions(mobilized(), catalogue, 'contain').map((p) => p.actionId)).toEqual(['offline']);
  });

  it('finds a plan action by id', () => {
    expect(planAction(plan, 'go-offline')?.extraordinary).toBe(true);
    expect(planAction(plan, 'nope')).toBeUndefined();
  });
});

describe('describeAction', () => {
  it('says what each kind does to its target, with the API it calls', () => {
    expect(describeAction('isolate-ec2-instance', { type: 'AwsEc2Instance', id: 'i-1' })).toMatch(/^isolate EC2 instance i-1: .*ModifyInstanceAttribute/);
    expect(describeAction('disable-iam-access-key', { type: 'AwsIamAccessKey', id: 'AKIA1', userName: 'bob' })).toBe('set IAM access key AKIA1 of bob to Inactive (iam:UpdateAccessKey)');
    expect(describeAction('disable-iam-access-key', { type: 'AwsIamAccessKey', id: 'AKIA1' })).toBe('set IAM access key AKIA1 to Inactive (iam:UpdateAccessKey)');
    expect(describeAction('block-s3-public-access', { type: 'AwsS3Bucket', id: 'b' })).toMatch(/PutBucketPublicAccessBlock/);
    expect(describeAction('revoke-iam-sessions', { type: 'AwsIamRole', id: 'r' })).toMatch(/AWSRevokeOlderSessions/);
  });
});
