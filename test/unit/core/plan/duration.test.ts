import { DurationSchema } from '../../../../core/plan/duration';

describe('DurationSchema', () => {
  it.each([
    ['90s', 90],
    ['15m', 900],
    ['4h', 14400],
    ['7d', 604800],
    ['999999s', 999999],
  ])('reads %s as %i seconds', (text, seconds) => {
    expect(DurationSchema.parse(text)).toBe(seconds);
  });

  it.each(['0s', '0m', '000h'])('refuses the empty duration %s', (text) => {
    const result = DurationSchema.safeParse(text);

    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('must be longer than zero');
  });

  it.each(['15', 'm', '1.5h', '-5m', '15 m', '2w', '1234567s', '15M', ''])('refuses %j', (text) => {
    const result = DurationSchema.safeParse(text);

    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('must be a duration like "90s", "15m", "4h" or "7d", or a whole number of seconds');
  });

  it('accepts a whole number of seconds, so a parsed plan parses again', () => {
    expect(DurationSchema.parse(900)).toBe(900);
  });

  it('refuses a fraction of a second', () => {
    expect(DurationSchema.safeParse(1.5).success).toBe(false);
  });
});
