import { z } from 'zod';
import { describeValue, firstIssue, formatPath, formatZodIssues, joinPath } from '../../../../core/validation/zod-issues';

describe('formatPath', () => {
  it.each([
    [[], '$'],
    [['detail', 'findings', 1, 'Severity', 'Label'], 'detail.findings[1].Severity.Label'],
    [['Records', 0, 'Sns', 'Message'], 'Records[0].Sns.Message'],
    [[0, 'a'], '[0].a'],
    [['detail-type'], 'detail-type'],
    [['ProductFields', 'aws/guardduty/service/count'], 'ProductFields["aws/guardduty/service/count"]'],
    [['a b'], '["a b"]'],
    [['tags', '__proto__'], 'tags.__proto__'],
    [['x', Symbol('key')], 'x.key'],
    [['x', Symbol()], 'x[""]'],
  ])('formats %j as %s', (path, expected) => {
    expect(formatPath(path)).toBe(expected);
  });

  it('continues a base path', () => {
    expect(formatPath(['Region'], 'Records[0].Sns.Message')).toBe('Records[0].Sns.Message.Region');
    expect(joinPath('Records[0].Sns.Message', 0)).toBe('Records[0].Sns.Message[0]');
  });
});

describe('describeValue', () => {
  it.each([
    [undefined, 'nothing'],
    [null, 'null'],
    [[1, 2, 3], 'an array of 3'],
    ['short', '"short"'],
    ['x'.repeat(61), 'a string of 61 characters'],
    [42, '42'],
    [false, 'false'],
    [{ a: 1 }, 'an object'],
    [10n, 'a bigint'],
  ])('describes %p as %s', (value, expected) => {
    expect(describeValue(value)).toBe(expected);
  });
});

describe('formatZodIssues', () => {
  const Schema = z.object({
    name: z.string(),
    level: z.enum(['LOW', 'HIGH']),
    nested: z.object({ count: z.number().min(1) }),
  });

  it('says what is missing, what was received, and names each path', () => {
    const result = Schema.safeParse({ level: 'MID', nested: { count: 0 } }, { reportInput: true });

    expect(result.success).toBe(false);
    expect(formatZodIssues(result.error as z.ZodError)).toEqual([
      { path: 'name', message: 'is required (expected string)' },
      { path: 'level', message: 'Invalid option: expected one of "LOW"|"HIGH", received "MID"' },
      { path: 'nested.count', message: 'Too small: expected number to be >=1' },
    ]);
  });

  it('reports the first issue under a base path', () => {
    const result = Schema.safeParse({ name: 7, level: 'LOW', nested: { count: 1 } }, { reportInput: true });

    expect(firstIssue(result.error as z.ZodError, 'Records[0].Sns.Message')).toEqual({
      path: 'Records[0].Sns.Message.name',
      message: 'expected string, received 7',
    });
  });

  it("keeps zod's message when the input was not reported", () => {
    const result = Schema.safeParse({ name: 7, level: 'LOW', nested: { count: 1 } });

    expect(firstIssue(result.error as z.ZodError)).toEqual({ path: 'name', message: 'Invalid input: expected string, received number' });
  });

  it('has a reason even for an error without issues', () => {
    expect(firstIssue(new z.ZodError([]))).toEqual({ path: '$', message: 'is invalid' });
  });
});
