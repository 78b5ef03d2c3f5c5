import { normalizeManualDeclaration, type ManualContext } from '../../../../core/triage/normalizers/manual.normalizer';
import { SignalSchema } from '../../../../core/triage/signal.schema';
import { ManualClock } from '../../../../core/time/clock';
import { loadFixture, withField, withoutField } from '../../../fixtures/events/load-fixture';

const context = (id: string): ManualContext => ({
  id,
  clock: new ManualClock(Date.UTC(2026, 10, 23, 14, 5, 0)),
  account: '123456789012',
  region: 'eu-west-1',
});

describe('normalizeManualDeclaration', () => {
  it('makes a firing signal from a declaration, timed by the clock', () => {
    const result = normalizeManualDeclaration(loadFixture('manual', 'declaration'), context('01JDECLARED0000000000000001'));

    expect(result.ok).toBe(true);
    const signal = result.ok ? result.signal : undefined;
    expect(signal).toMatchObject({
      eventId: 'manual:01JDECLARED0000000000000001',
      source: 'manual',
      kind: 'manual',
      state: 'firing',
      title: 'Customer data visible in a public S3 bucket',
      account: '123456789012',
      region: 'eu-west-1',
      time: '2026-11-23T14:05:00.000Z',
      identity: '01JDECLARED0000000000000001',
      severityInput: { label: 'HIGH', tags: {}, attributes: { declaredBy: 'jane.doe@example.com' } },
      raw: loadFixture('manual', 'declaration'),
    });
    expect(signal?.description).toMatch(/^Support reports/);
    expect(SignalSchema.safeParse(signal).success).toBe(true);
  });

  it('keys declarations by their id', () => {
    const declaration = loadFixture('manual', 'declaration');
    const key = (id: string) => {
      const result = normalizeManualDeclaration(declaration, context(id));
      return result.ok ? result.signal.correlationKey : undefined;
    };

    expect(key('a')).toBe(key('a'));
    expect(key('a')).not.toBe(key('b'));
  });

  it('accepts a declaration with only a title and a severity', () => {
    const minimal = { title: 'Something is wrong', severity: 'LOW' };

    const result = normalizeManualDeclaration(minimal, context('m1'));

    expect(result.ok ? result.signal.severityInput.attributes : undefined).toEqual({});
  });

  it('rejects a declaration without a title, naming title', () => {
    const result = normalizeManualDeclaration(withoutField(loadFixture('manual', 'declaration'), ['title']), context('m2'));

    expect(result).toEqual({ ok: false, reason: { path: 'title', message: 'is required (expected string)' } });
  });

  it('rejects a blank title and an unknown severity', () => {
    const blank = normalizeManualDeclaration(withField(loadFixture('manual', 'declaration'), ['title'], '   '), context('m3'));
    const severe = normalizeManualDeclaration(withField(loadFixture('manual', 'declaration'), ['severity'], 'SEV1'), context('m4'));

    expect(blank.ok ? undefined : blank.reason.path).toBe('title');
    expect(severe.ok ? undefined : severe.reason.path).toBe('severity');
  });

  it('guards the declaration like any event', () => {
    const hostile = JSON.parse('{"title":"x","severity":"LOW","__proto__":{"isAdmin":true}}') as unknown;

    expect(normalizeManualDeclaration(hostile, context('m5'))).toEqual({
      ok: false,
      reason: { path: '__proto__', message: 'is a forbidden key ("__proto__" can pollute object prototypes)' },
    });
  });
});

describe('a declared severity', () => {
  const declared = (severity: string) =>
    normalizeManualDeclaration(withField(loadFixture('manual', 'declaration'), ['severity'], severity), context('01JDECLARED0000000000000009'));

  it('is kept as the declared severity when it is sev1-sev4', () => {
    const result = declared('sev2');

    expect(result.ok && result.signal.severityInput).toEqual({ declaredSeverity: 'sev2', tags: {}, attributes: { declaredBy: 'jane.doe@example.com' } });
  });

  it('is refused with the field named when it is neither a severity nor a label', () => {
    const result = declared('urgent');

    expect(result.ok ? undefined : result.reason).toEqual({ path: 'severity', message: expect.stringContaining('sev1-sev4') as unknown });
  });
});
