/**
 * One benchmark figure. Every figure is a ratio to a floor measured in the same run,
 * because the machines are shared and noisy: absolute times mean little.
 */
export interface BenchResult {
  /** A short id that groups the figures of one path, e.g. 'P2' for `POST /sign` through the CLI; '' when it stands alone. */
  id: string;
  /** What was measured, in words. */
  what: string;
  /** The figure: measured / floor (or floor / measured for rates), as the `goal` reads. */
  ratio: number;
  /** The goal as text, e.g. '>= 0.9x' or '<= 1.15x'. */
  goal: string;
  /** Whether the goal was met; null when the figure is only reported. */
  pass: boolean | null;
  /** Raw numbers behind the ratio (floor and measured), for the JSON results file. */
  detail: Record<string, number | string>;
}

/** A bench file default-exports one of these; scripts/bench.mjs runs them in turn. */
export type Bench = () => Promise<BenchResult[]>;

/** p-th percentile (0..100) of a list of numbers. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  // idx is clamped into the list, which is not empty here.
  return sorted[idx]!;
}

/** Operations per second of `fn` run `n` times in a row. */
export async function rate(n: number, fn: (i: number) => unknown): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await fn(i);
  return (n / (performance.now() - t0)) * 1000;
}
