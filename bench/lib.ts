import type { Emulator } from '../emulator/index.js'
import { type ActionRun, runAction } from '../scripts/run-action.js'

/** One row of the bench table. */
export interface BenchRow {
  scenario: string
  requests: number
  /** What the ideal request count is, when the scenario has one. */
  idealRequests?: number
  wallMs: number
  idealMs: number
  peakRssBytes?: number
  /** Free text: the target and whether it was met. */
  note: string
}

/** Adds a fixed latency to every API request (not to blob bodies), as a far-away API would. */
export function addLatency(emulator: Emulator, ms: number): void {
  emulator.addHook(async (ctx) => {
    if (ctx.kind === 'api') await new Promise((resolve) => setTimeout(resolve, ms))
    return false
  })
}

/** A run of dist/index.js, timed from spawn to exit, with the child's peak RSS. */
export interface MeasuredRun {
  run: ActionRun
  wallMs: number
  peakRssBytes: number
}

/** Runs the bundled action as the runner does, measuring wall time and peak RSS. */
export async function measureAction(
  emulator: Emulator,
  repository: string,
  inputs: Record<string, string>,
  token = 'ghs_write_token'
): Promise<MeasuredRun> {
  const started = performance.now()
  const run = await runAction({ apiUrl: emulator.url, token, repository, inputs, measureRss: true })
  const wallMs = performance.now() - started
  if (run.code !== 0)
    throw new Error(`action failed in bench: ${run.errors.join('; ')}\n${run.stderr}`)
  return { run, wallMs, peakRssBytes: run.maxRssBytes ?? 0 }
}

/** Median of numbers. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/** API requests the emulator saw (blob downloads apart). */
export function apiRequests(emulator: Emulator): number {
  return emulator.requests.filter((r) => r.kind === 'api').length
}
