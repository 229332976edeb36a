/** The p-th percentile (0-100) of `values` by the nearest rank: the smallest value with p % of them at or below it. */
export function percentile (values: readonly number[], p: number): number {
  if (values.length === 0) return 0
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number
}
