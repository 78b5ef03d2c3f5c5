import { LiveProblems } from '../../../../lambdas/triage/live-problems';
import { BoundedMap } from '../../../../lambdas/shared/bounded-map';

describe('BoundedMap (the event ids triage remembers)', () => {
  it('remembers what became of an event id', () => {
    const recent = new BoundedMap<string>(10);
    recent.set('a', 'created');

    expect([recent.get('a'), recent.get('b')]).toEqual(['created', undefined]);
  });

  it('forgets the oldest id beyond its capacity', () => {
    const recent = new BoundedMap<number>(2);
    recent.set('a', 1);
    recent.set('b', 2);
    recent.set('a', 3);
    recent.set('c', 4);

    expect([recent.get('a'), recent.get('b'), recent.get('c')]).toEqual([3, undefined, 4]);
  });
});

describe('LiveProblems', () => {
  it('answers for its time to live, then reads again', () => {
    let now = 1000;
    const live = new LiveProblems<string>(500, 10, () => now);
    live.set('key', 'inc-1');

    now = 1499;
    expect(live.get('key')).toBe('inc-1');
    now = 1500;
    expect(live.get('key')).toBeUndefined();
  });

  it('forgets everything when full (it is only a shortcut)', () => {
    const live = new LiveProblems<string>(500, 2, () => 0);
    live.set('b', '2');
    live.set('c', '3');
    live.set('d', '4');

    expect([live.get('b'), live.get('c'), live.get('d')]).toEqual([undefined, undefined, '4']);
  });
});
