import { gsm7Length, isGsm7, toGsm7 } from '../../../../core/approval/gsm7';

describe('GSM-7', () => {
  it('counts basic characters once and extension characters twice', () => {
    expect(gsm7Length('Hello @£ äöü')).toBe(12);
    expect(gsm7Length('{[~]}€')).toBe(12);
    expect(isGsm7('https://ir.example.com/a/AAEC_-x.y')).toBe(true);
  });

  it('finds text it cannot carry', () => {
    expect(isGsm7('ok’')).toBe(false);
    expect(isGsm7('🚨')).toBe(false);
    expect(isGsm7('`')).toBe(false);
    expect(gsm7Length('fire 🔥')).toBe(Number.POSITIVE_INFINITY);
  });

  it('makes free text sendable: look-alikes, accents, controls and the rest', () => {
    expect(toGsm7('“Root” login – it’s bad…')).toBe('"Root" login - it\'s bad...');
    expect(toGsm7('Crème brûlée à São Paulo')).toBe('Crème brulée à Sao Paulo');
    expect(toGsm7('a\nb\rc\fd\te')).toBe('a b c d e');
    expect(toGsm7('alarm 🚨 东京 \u0301 ﬁle Ｗ')).toBe('alarm ? ?? ? file W');
    expect(isGsm7(toGsm7('\u0000 \u202f \u00a0 `x´ «y»'))).toBe(true);
  });
});
