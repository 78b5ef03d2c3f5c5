import { regionCodeFromName } from '../../../../core/triage/normalizers/aws-regions';
import {
  actionOf,
  clip,
  mergedTags,
  partitionOf,
  tagsFromList,
  toIsoTime,
  uniqueResources,
} from '../../../../core/triage/normalizers/shared';

describe('regionCodeFromName', () => {
  it.each([
    ['US East (N. Virginia)', 'us-east-1'],
    ['US - N. Virginia', 'us-east-1'],
    ['EU - Ireland', 'eu-west-1'],
    ['EU (Ireland)', 'eu-west-1'],
    ['Europe (Frankfurt)', 'eu-central-1'],
    ['South America (São Paulo)', 'sa-east-1'],
    ['  asia pacific (tokyo) ', 'ap-northeast-1'],
    ['AWS GovCloud (US)', 'us-gov-west-1'],
    ['ap-southeast-2', 'ap-southeast-2'],
  ])('reads %s as %s', (name, code) => {
    expect(regionCodeFromName(name)).toBe(code);
  });

  it('knows no region by an unknown name', () => {
    expect(regionCodeFromName('Moon (Tranquility Base)')).toBeUndefined();
  });
});

describe('toIsoTime', () => {
  it.each([
    ['2019-10-02T17:04:40.989+0000', '2019-10-02T17:04:40.989Z'],
    ['2019-10-02T19:04:40.989+0200', '2019-10-02T17:04:40.989Z'],
    ['2019-10-02T17:04:40Z', '2019-10-02T17:04:40.000Z'],
  ])('reads %s as %s', (text, iso) => {
    expect(toIsoTime(text)).toBe(iso);
  });

  it.each([undefined, 'Sat, 05 Jun 2016 15:10:09 GMT', 'yesterday'])('reads %p as no time', (text) => {
    expect(toIsoTime(text)).toBeUndefined();
  });
});

describe('small helpers', () => {
  it('finds the partition of a region', () => {
    expect([partitionOf('cn-northwest-1'), partitionOf('us-gov-east-1'), partitionOf('eu-west-1')]).toEqual([
      'aws-cn',
      'aws-us-gov',
      'aws',
    ]);
  });

  it('writes an action in IAM form', () => {
    expect(actionOf('signin.amazonaws.com', 'ConsoleLogin')).toBe('signin:ConsoleLogin');
    expect(actionOf('custom-source', 'Thing')).toBe('custom-source:Thing');
  });

  it('clips long text and leaves short text alone', () => {
    expect(clip('abcdef', 4)).toBe('abc…');
    expect(clip('abc', 4)).toBe('abc');
  });

  it('turns tag lists into records, the first of a repeated key winning', () => {
    expect(tagsFromList(undefined)).toEqual({});
    expect(tagsFromList([{ key: 'a', value: '1' }, { key: 'a', value: '2' }, { key: 'b', value: '3' }])).toEqual({ a: '1', b: '3' });
  });

  it('merges resource tags, the first resource winning', () => {
    const merged = mergedTags([
      { type: 't', id: '1', tags: { team: 'a' } },
      { type: 't', id: '2', tags: { team: 'b', env: 'prod' } },
    ]);

    expect(merged).toEqual({ team: 'a', env: 'prod' });
  });

  it('drops repeated resources', () => {
    const resources = uniqueResources([
      { type: 't', id: '1', tags: {} },
      { type: 't', id: '1', tags: { x: 'y' } },
      { type: 'u', id: '1', tags: {} },
    ]);

    expect(resources.map((r) => `${r.type}/${r.id}`)).toEqual(['t/1', 'u/1']);
  });
});
