import { toPublicView } from '../../../../core/approval/approval.schema';
import { confirmPage, type PageContext } from '../../../../core/approval/pages';
import { ACTION_EFFECT, type SubjectDetail, subjectDetail } from '../../../../core/approval/subject-detail';
import type { CommunicationDraft } from '../../../../core/comms/communication';
import type { Incident } from '../../../../core/incident/incident.schema';
import { PlanSchema } from '../../../../core/plan/plan.schema';
import { alertIncident, pendingDraft, pendingRecord, plan, planInput, T0 } from './approval-fixtures';

const withCatalogue = PlanSchema.parse({
  ...planInput,
  containment: {
    actions: [
      { id: 'isolate-web', title: 'Isolate the web fleet', kind: 'isolate-ec2-instance', extraordinary: true, approvers: ['carol'] },
      { id: 'disable-key', title: 'Disable the leaked key', kind: 'disable-iam-access-key', extraordinary: true, approvers: ['carol'] },
      { id: 'call-vendor', title: 'Call the hosting vendor', kind: 'manual', phase: 'recover', extraordinary: true, approvers: ['carol'] },
    ],
  },
  communications: { audiences: { executives: { description: 'Leadership team', recipients: ['carol'] } } },
});

const incident: Incident = {
  ...alertIncident(),
  context: {
    gatheredAt: new Date(T0).toISOString(),
    signals: 2,
    resources: [
      { type: 'AwsEc2Instance', id: 'i-1', tags: {} },
      { type: 'AwsIamAccessKey', id: 'AKIAEXAMPLE', tags: {} },
      { type: 'AwsIamUser', id: 'deploy-bot', tags: {} },
    ],
    earlierIncidents: [],
  },
};

const draft = (overrides: Partial<CommunicationDraft> = {}): CommunicationDraft => pendingDraft({ incidentId: incident.id, ...overrides });

describe('subjectDetail', () => {
  it('adds nothing to a gate', () => {
    expect(subjectDetail({ kind: 'gate', gate: 'alert' }, incident, withCatalogue, null)).toEqual({ kind: 'none' });
  });

  it('gives a draft its audience as the plan describes it, and says when the draft is gone', () => {
    const subject = { kind: 'communication', draftId: 'com-0123456789abcdef' } as const;
    expect(subjectDetail(subject, incident, withCatalogue, draft())).toEqual({
      kind: 'communication',
      audience: 'executives',
      audienceDescription: 'Leadership team',
      recipients: ['carol'],
      author: 'bob',
      message: 'Status\n<i>contained</i>',
    });
    expect(subjectDetail(subject, incident, withCatalogue, draft({ audience: 'customers' }))).toEqual(expect.objectContaining({ audienceDescription: null, recipients: [] }));
    expect(subjectDetail(subject, incident, withCatalogue, null)).toEqual({ kind: 'communication-missing', draftId: 'com-0123456789abcdef' });
  });

  it("names an action's effect and the incident's resources of its kind, an access key with its user", () => {
    expect(subjectDetail({ kind: 'action', actionId: 'isolate-web' }, incident, withCatalogue, null)).toEqual({
      kind: 'action',
      title: 'Isolate the web fleet',
      effect: ACTION_EFFECT['isolate-ec2-instance'],
      resources: ['AwsEc2Instance i-1'],
    });
    expect(subjectDetail({ kind: 'action', actionId: 'disable-key' }, incident, withCatalogue, null)).toEqual(
      expect.objectContaining({ resources: ['AwsIamAccessKey AKIAEXAMPLE (user deploy-bot)'] }),
    );
    expect(subjectDetail({ kind: 'action', actionId: 'call-vendor' }, incident, withCatalogue, null)).toEqual(expect.objectContaining({ effect: ACTION_EFFECT.manual, resources: [] }));
    expect(subjectDetail({ kind: 'action', actionId: 'gone' }, incident, withCatalogue, null)).toEqual({ kind: 'action', title: 'gone', effect: 'The plan no longer lists this action.', resources: [] });
  });
});

describe('confirmPage with the subject in full', () => {
  const page = (detail: SubjectDetail): string => {
    const ctx: PageContext = { approval: toPublicView(pendingRecord()), incident: alertIncident(), plan, detail };
    return confirmPage(ctx, 'form-token').body;
  };

  it("shows a draft's audience, author and escaped text in a pre-wrapped block", () => {
    const body = page({ kind: 'communication', audience: 'executives', audienceDescription: 'Leadership team', recipients: ['carol', 'zed'], author: 'bob', message: 'a\n<i>b</i>' });
    expect(body).toContain('<dt>Audience</dt><dd>executives: Leadership team (to Carol Exec (carol), zed)</dd>');
    expect(body).toContain('<dt>Written by</dt><dd>Bob Deputy (bob)</dd>');
    expect(body).toContain('<pre class="draft">a\n&lt;i&gt;b&lt;/i&gt;</pre>');
  });

  it('shows an audience the plan no longer describes by its name alone', () => {
    expect(page({ kind: 'communication', audience: 'partners', audienceDescription: null, recipients: [], author: 'bob', message: 'x' })).toContain('<dt>Audience</dt><dd>partners</dd>');
  });

  it('warns instead of showing a draft that is gone', () => {
    expect(page({ kind: 'communication-missing', draftId: 'com-0123456789abcdef' })).toContain('can no longer be found: do not approve what you cannot read.');
  });

  it("lists an action's resources, or says it has none", () => {
    expect(page({ kind: 'action', title: 'Isolate', effect: 'Cuts it off.', resources: ['AwsEc2Instance i-1', 'AwsEc2Instance i-2'] })).toContain(
      '<dt>Action</dt><dd>Isolate</dd>\n<dt>What it does</dt><dd>Cuts it off.</dd>\n<dt>On</dt><dd>AwsEc2Instance i-1</dd><dd>AwsEc2Instance i-2</dd>',
    );
    expect(page({ kind: 'action', title: 'Call', effect: 'A person does it.', resources: [] })).toContain('<dt>On</dt><dd>No resource of the incident: nothing runs by itself.</dd>');
  });

  it('shows nothing more for a gate', () => {
    expect(page({ kind: 'none' })).not.toMatch(/<dt>(Audience|Action|Written by)/);
  });
});
