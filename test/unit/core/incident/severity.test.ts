import { isAtLeastAsSevere, SEVERITIES, SeveritySchema } from '../../../../core/incident/severity';

describe('severity', () => {
  it('orders severities from the worst, sev1, to the mildest, sev4', () => {
    expect(SEVERITIES).toEqual(['sev1', 'sev2', 'sev3', 'sev4']);
  });

  it('counts sev1 as at least as severe as sev2, but not the other way round', () => {
    expect(isAtLeastAsSevere('sev1', 'sev2')).toBe(true);
    expect(isAtLeastAsSevere('sev2', 'sev1')).toBe(false);
  });

  it('counts a severity as at least as severe as itself', () => {
    expect(isAtLeastAsSevere('sev3', 'sev3')).toBe(true);
  });

  it('compares across the whole range', () => {
    expect(isAtLeastAsSevere('sev4', 'sev1')).toBe(false);
    expect(isAtLeastAsSevere('sev1', 'sev4')).toBe(true);
  });

  it('refuses a severity that is not one of the four', () => {
    expect(SeveritySchema.safeParse('sev5').success).toBe(false);
    expect(SeveritySchema.safeParse('SEV1').success).toBe(false);
    expect(SeveritySchema.parse('sev2')).toBe('sev2');
  });
});
