import { TransitionRefusedError } from '../../../../core/errors/sirp-error';
import { GATE_DECISIONS, GATES, PHASES } from '../../../../core/incident/phases';
import { nextPhase, successors, TRANSITIONS } from '../../../../core/incident/transitions';

describe('nextPhase', () => {
  it.each([
    ['alert', 'alert', 'mobilize', 'mobilize'],
    ['alert', 'alert', 'dismiss', 'dismissed'],
    ['mobilize', 'mobilize', 'approve', 'contain'],
    ['contain', 'contain', 'approve', 'recover'],
    ['recover', 'recover', 'approve', 'learn'],
    ['learn', 'learn', 'approve', 'closed'],
  ] as const)('moves %s on a sign-off of gate %s with %s to %s', (from, gate, decision, to) => {
    expect(nextPhase(from, { gate, decision })).toBe(to);
  });

  it('refuses Contain -> Recover without the containment sign-off', () => {
    expect(() => nextPhase('contain', { gate: 'mobilize', decision: 'approve' })).toThrow(TransitionRefusedError);
    expect(() => nextPhase('contain', { gate: 'mobilize', decision: 'approve' })).toThrow(
      'an incident in phase "contain" cannot move on a "approve" of gate "mobilize"',
    );
  });

  it('refuses a decision the gate does not accept', () => {
    expect(() => nextPhase('contain', { gate: 'contain', decision: 'dismiss' })).toThrow(TransitionRefusedError);
    expect(() => nextPhase('alert', { gate: 'alert', decision: 'approve' })).toThrow(TransitionRefusedError);
  });

  it('refuses to move a closed or dismissed incident', () => {
    expect(() => nextPhase('closed', { gate: 'learn', decision: 'approve' })).toThrow(TransitionRefusedError);
    expect(() => nextPhase('dismissed', { gate: 'alert', decision: 'mobilize' })).toThrow(TransitionRefusedError);
  });
});

describe('TRANSITIONS', () => {
  it('moves every phase only through its own gate, with a decision that gate accepts', () => {
    for (const t of TRANSITIONS) {
      expect(t.gate).toBe(t.from);
      expect(GATE_DECISIONS[t.gate]).toContain(t.decision);
    }
  });

  it('gives every gate decision exactly one transition', () => {
    const pairs = GATES.flatMap((gate) => GATE_DECISIONS[gate].map((decision) => `${gate}/${decision}`));

    expect(TRANSITIONS.map((t) => `${t.gate}/${t.decision}`).sort()).toEqual(pairs.sort());
  });
});

describe('successors', () => {
  it('lists where a phase can go in one step', () => {
    expect(successors('alert')).toEqual(['mobilize', 'dismissed']);
    expect(successors('contain')).toEqual(['recover']);
    expect(successors('learn')).toEqual(['closed']);
  });

  it('lists nothing after an incident has ended', () => {
    expect(successors('closed')).toEqual([]);
    expect(successors('dismissed')).toEqual([]);
  });

  it('never skips containment on the way to recovery', () => {
    for (const phase of PHASES.filter((p) => p !== 'contain')) expect(successors(phase)).not.toContain('recover');
  });
});
