import {
  ACTIVE_PHASES,
  DecisionSchema,
  GATE_DECISIONS,
  GATE_QUESTION,
  GATES,
  GateSchema,
  isActivePhase,
  PHASES,
  PhaseSchema,
} from '../../../../core/incident/phases';

describe('phases', () => {
  it('walks Alert, Mobilize, Contain, Recover, Learn in order', () => {
    expect(ACTIVE_PHASES).toEqual(['alert', 'mobilize', 'contain', 'recover', 'learn']);
  });

  it('ends either closed or dismissed', () => {
    expect(PHASES).toEqual([...ACTIVE_PHASES, 'closed', 'dismissed']);
  });

  it('tells active phases from the two ends', () => {
    for (const phase of ACTIVE_PHASES) expect(isActivePhase(phase)).toBe(true);
    expect(isActivePhase('closed')).toBe(false);
    expect(isActivePhase('dismissed')).toBe(false);
  });

  it('ends each active phase at a gate of the same name', () => {
    expect(GATES).toEqual(ACTIVE_PHASES);
    expect(GateSchema.safeParse('closed').success).toBe(false);
    expect(PhaseSchema.parse('closed')).toBe('closed');
  });

  it('asks a question at every gate', () => {
    for (const gate of GATES) expect(GATE_QUESTION[gate]).toContain('?');
    expect(GATE_QUESTION.contain).toContain('Recovery cannot start before this sign-off');
  });

  it('accepts mobilize or dismiss at Alert and only approve at the other gates', () => {
    expect(GATE_DECISIONS.alert).toEqual(['mobilize', 'dismiss']);
    for (const gate of GATES.filter((g) => g !== 'alert')) expect(GATE_DECISIONS[gate]).toEqual(['approve']);
  });

  it('refuses a decision that is not one of the three', () => {
    expect(DecisionSchema.safeParse('reject').success).toBe(false);
    expect(DecisionSchema.parse('dismiss')).toBe('dismiss');
  });
});
