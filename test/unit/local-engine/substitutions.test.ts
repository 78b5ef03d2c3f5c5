import { applySubstitutions } from '../../../local/engine/engine';

describe('applySubstitutions', () => {
  it('replaces every placeholder with its value', () => {
    const text = '{"Resource":"${NotifyArn}","Parameters":{"TableName":"${Table}","Again":"${NotifyArn}"}}';

    expect(applySubstitutions(text, { NotifyArn: 'arn:aws:lambda:us-east-1:123456789012:function:n', Table: 'sirp' })).toBe(
      '{"Resource":"arn:aws:lambda:us-east-1:123456789012:function:n","Parameters":{"TableName":"sirp","Again":"arn:aws:lambda:us-east-1:123456789012:function:n"}}',
    );
  });

  it('names every placeholder left without a value', () => {
    expect(() => applySubstitutions('{"a":"${One}","b":"${Two}","c":"${Three}"}', { Two: 'x' })).toThrow('no value for ${One}, ${Three}');
  });

  it('leaves JSONPath and intrinsic text alone', () => {
    const text = '{"m.$":"States.Format(\'{} at {}\', $.a, $$.Execution.StartTime)"}';

    expect(applySubstitutions(text, {})).toBe(text);
  });
});
