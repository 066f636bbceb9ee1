import { generateArtifacts, installFaults, startEmulator } from '../../emulator/index.js'
import { readActionYaml } from '../../scripts/run-action.js'
import { type BenchRow, apiRequests, measureAction } from '../lib.js'

/** What deleting against a full-scale secondary limit measured. */
export interface DeleteRate {
  code: number | null
  deletedCount: string
  deleteRequests: number
  ok: number
  wallMs: number
  perMinute: number
  secondaryAnswers: number
  violations: number
  requests: number
  peakRssBytes: number
}

/** action.yml's default deletes-per-minute. */
export const DEFAULT_PACE = readActionYaml().inputs['deletes-per-minute'].default ?? ''

/**
 * Deletes `count` artifacts through dist/index.js against an emulator enforcing GitHub's secondary
 * limit at full scale (900 points per one-minute window per token; DELETE 5 points, GET 1). The rate
 * is measured from the first 204 to the last, as the emulator saw them.
 */
export async function measureDeleteRate(count: number, pace = DEFAULT_PACE): Promise<DeleteRate> {
  const emulator = await startEmulator()
  try {
    const repo = 'bench/deletes'
    emulator.addRepository(
      repo,
      generateArtifacts({ seed: 3, count, expiredFraction: 0 }).map((a) => ({ ...a, name: 'old' }))
    )
    const faults = installFaults(emulator, {
      seed: 1,
      secondary: { pointsPerWindow: 900, windowMs: 60_000 }
    })
    const m = await measureAction(emulator, repo, {
      mode: 'delete',
      name: 'old',
      'deletes-per-minute': pace
    })
    const deletes = emulator.requests.filter((r) => r.method === 'DELETE')
    const ok = deletes.filter((r) => r.status === 204)
    const spanMs = ok.length > 1 ? ok[ok.length - 1].at - ok[0].at : 0
    return {
      code: m.run.code,
      deletedCount: m.run.outputs['deleted-count'],
      deleteRequests: deletes.length,
      ok: ok.length,
      wallMs: m.wallMs,
      perMinute: spanMs > 0 ? ((ok.length - 1) * 60_000) / spanMs : 0,
      secondaryAnswers: faults.stats.injected.secondary,
      violations: faults.stats.violations.length,
      requests: apiRequests(emulator),
      peakRssBytes: m.peakRssBytes
    }
  } finally {
    await emulator.close()
  }
}

/** Delete 300 artifacts against 900 points a minute: target ≥ 80 % of the 180-a-minute ceiling. */
export async function delete300(coldMs: number): Promise<BenchRow> {
  const r = await measureDeleteRate(300)
  const ceiling = 900 / 5
  const share = r.perMinute / ceiling
  return {
    scenario: `delete 300 artifacts, server enforcing 900 points/min (deletes-per-minute ${DEFAULT_PACE})`,
    requests: r.requests,
    idealRequests: 3 + 300,
    wallMs: r.wallMs,
    idealMs: coldMs + (299 / ceiling) * 60_000,
    peakRssBytes: r.peakRssBytes,
    note:
      `${r.perMinute.toFixed(1)} deletes/min = ${(share * 100).toFixed(0)} % of the ceiling ` +
      `(target ≥ 80 %: ${share >= 0.8 ? 'met' : 'NOT met'}); ${r.secondaryAnswers} secondary-limit answers, ${r.violations} violations`
  }
}
