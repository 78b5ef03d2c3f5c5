import {
  DEFAULT_INPUT_LIMITS,
  guardInput,
  jsonStringBytes,
  parseEventText,
  utf8Bytes,
  type InputLimits,
} from '../../../../core/triage/input-guard';
import { loadFixture, loadFixtureText } from '../../../fixtures/events/load-fixture';

const limits = (overrides: Partial<InputLimits>): InputLimits => ({ ...DEFAULT_INPUT_LIMITS, ...overrides });

describe('guardInput', () => {
  it('accepts real events', () => {
    expect(guardInput(loadFixture('securityhub', 'three-findings-guardduty-control-resolved'))).toEqual({ ok: true });
    expect(guardInput(loadFixture('cloudwatch', 'anomaly-detection-alarm'))).toEqual({ ok: true });
  });

  it('counts the size exactly as JSON.stringify would, in UTF-8 bytes', () => {
    const value = {
      a: [1, -2.5, 1e21, true, false, null, 'é€😀', 'quote " back \\ nl \n tab \t bell \u0007 lone \ud800'],
      nested: { empty: {}, list: [], 'k"ey': 'v' },
    };
    const exact = Buffer.byteLength(JSON.stringify(value), 'utf8');

    expect(guardInput(value, limits({ maxBytes: exact }))).toEqual({ ok: true });
    expect(guardInput(value, limits({ maxBytes: exact - 1 }))).toEqual({
      ok: false,
      reason: { path: '$', message: `exceeds the maximum event size of ${exact - 1} bytes` },
    });
  });

  it('rejects an array longer than the limit, naming it', () => {
    expect(guardInput({ items: [1, 2, 3] }, limits({ maxArrayLength: 2 }))).toEqual({
      ok: false,
      reason: { path: 'items', message: 'has 3 items, more than the maximum of 2' },
    });
  });

  it('rejects an object with more keys than the limit, naming it', () => {
    expect(guardInput({ detail: { a: 1, b: 2, c: 3 } }, limits({ maxKeys: 2 }))).toEqual({
      ok: false,
      reason: { path: 'detail', message: 'has 3 keys, more than the maximum of 2' },
    });
  });

  it('rejects a key longer than the string limit, naming the object that holds it', () => {
    expect(guardInput({ tags: { ['k'.repeat(11)]: 'v' } }, limits({ maxStringLength: 10 }))).toEqual({
      ok: false,
      reason: { path: 'tags', message: 'has a key of 11 characters, more than the maximum of 10' },
    });
  });

  it('rejects a root array nested too deep, with a bracketed path', () => {
    expect(guardInput([[['x']]], limits({ maxDepth: 2 }))).toEqual({
      ok: false,
      reason: { path: '[0][0]', message: 'nests deeper than the maximum depth of 2' },
    });
  });

  it('stops on a cyclic structure at the depth limit', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;

    expect(guardInput(cyclic)).toMatchObject({ ok: false, reason: { message: 'nests deeper than the maximum depth of 32' } });
  });

  it.each([
    ['NaN', Number.NaN, 'is not a JSON number'],
    ['Infinity', Number.POSITIVE_INFINITY, 'is not a JSON number'],
    ['a function', () => 1, 'is a function, not a JSON value'],
    ['a bigint', 10n, 'is a bigint, not a JSON value'],
    ['a symbol', Symbol('s'), 'is a symbol, not a JSON value'],
    ['undefined', undefined, 'is undefined, not a JSON value'],
  ])('rejects %s, which JSON cannot carry', (_what, value, message) => {
    expect(guardInput({ detail: { value } })).toEqual({ ok: false, reason: { path: 'detail.value', message } });
  });
});

describe('parseEventText', () => {
  it('parses a real event', () => {
    const parsed = parseEventText(loadFixtureText('health', 'ec2-operational-issue-open'));

    expect(parsed).toEqual({ ok: true, value: loadFixture('health', 'ec2-operational-issue-open') });
  });

  it('rejects text that is not JSON as a whole', () => {
    const parsed = parseEventText('{"version": "0",');

    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? undefined : parsed.reason.path).toBe('$');
    expect(parsed.ok ? undefined : parsed.reason.message).toMatch(/^is not valid JSON \(SyntaxError: /);
  });

  it('counts multi-byte text in bytes, not characters', () => {
    // 90 000 characters of a 3-byte character: under the limit in characters, over it in bytes.
    const over = JSON.stringify(Array.from({ length: 3 }, () => '€'.repeat(30_000)));
    // 80 000 of them: 240 KB, under the limit.
    const under = JSON.stringify(Array.from({ length: 4 }, () => '€'.repeat(20_000)));

    expect(parseEventText(over)).toEqual({ ok: false, reason: { path: '$', message: 'exceeds the maximum event size of 262144 bytes' } });
    expect(parseEventText(under).ok).toBe(true);
  });
});

describe('byte counting', () => {
  it.each([
    ['ascii', 'hello'],
    ['escapes', '" \\ \b \f \n \r \t'],
    ['control characters', '\u0000\u0001\u001f'],
    ['two-byte', 'é ß ñ'],
    ['three-byte', '€ 日本'],
    ['surrogate pairs', '😀 𝄞'],
    ['a lone high surrogate', 'a\ud800b'],
    ['a lone low surrogate', 'a\udc00b'],
    ['a high surrogate at the end', 'a\ud83d'],
  ])('counts %s like JSON.stringify and Buffer', (_what, text) => {
    expect(jsonStringBytes(text)).toBe(Buffer.byteLength(JSON.stringify(text), 'utf8'));
  });

  it.each([
    ['ascii', 'hello'],
    ['two-byte', 'é'],
    ['three-byte', '€'],
    ['a surrogate pair', '😀'],
    ['a lone surrogate', 'a\ud800'],
    ['a lone low surrogate', '\udc00'],
  ])('counts the UTF-8 bytes of %s like Buffer', (_what, text) => {
    expect(utf8Bytes(text)).toBe(Buffer.byteLength(text, 'utf8'));
  });
});
