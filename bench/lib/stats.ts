/** Latency figures of one run, in milliseconds. */
export interface Summary {
  readonly count: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

/**
 * Nearest-rank percentiles (the value below which `p` % of the samples lie),
 * so a p99 of 200 samples is the second largest, never an interpolation.
 *
 * @example
 * summarize([3, 1, 2]) // { count: 3, p50: 2, p95: 3, p99: 3, max: 3, mean: 2 }
 */
export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new Error('no samples to summarize');
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
  return {
    count: sorted.length,
    p50: rank(50),
    p95: rank(95),
    p99: rank(99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
    mean: sorted.reduce((sum, x) => sum + x, 0) / sorted.length,
  };
}

/** Milliseconds with one decimal: enough for figures that vary by more run to run. */
export const ms = (value: number): string => value.toFixed(1);
