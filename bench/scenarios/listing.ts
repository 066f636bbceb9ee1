import { statSync } from 'node:fs'
import { generateArtifacts, startEmulator } from '../../emulator/index.js'
import { type BenchRow, addLatency, apiRequests, measureAction, median } from '../lib.js'

/** Per-request latency of the emulated API in the listing scenarios. */
export const LATENCY_MS = 100
const CONCURRENCY = 8

/**
 * Cold start: `node dist/index.js` listing an empty repository (one request, no latency), median of
 * 7 runs. Its median is the fixed cost every other ideal includes.
 */
export async function coldStart(): Promise<BenchRow & { medianMs: number }> {
  const emulator = await startEmulator()
  try {
    emulator.addRepository('bench/empty', [])
    const walls: number[] = []
    let rss = 0
    for (let i = 0; i < 7; i++) {
      const { wallMs, peakRssBytes } = await measureAction(emulator, 'bench/empty', {
        mode: 'list'
      })
      walls.push(wallMs)
      rss = Math.max(rss, peakRssBytes)
    }
    const bundle = statSync(new URL('../../dist/index.js', import.meta.url)).size
    const medianMs = median(walls)
    return {
      scenario: 'cold start (empty repository)',
      requests: 1,
      idealRequests: 1,
      wallMs: medianMs,
      idealMs: medianMs,
      peakRssBytes: rss,
      note: `median of 7; bundle ${(bundle / 1e6).toFixed(2)} MB`,
      medianMs
    }
  } finally {
    await emulator.close()
  }
}

/** List 10,000 artifacts: 100 pages, the first alone, the rest `concurrency` at a time. */
export async function list10k(coldMs: number): Promise<BenchRow> {
  const emulator = await startEmulator()
  try {
    emulator.addRepository('bench/big', generateArtifacts({ seed: 5, count: 10_000 }))
    addLatency(emulator, LATENCY_MS)
    emulator.resetRequests()
    const { wallMs, peakRssBytes, run } = await measureAction(emulator, 'bench/big', {
      mode: 'list',
      'include-expired': 'true',
      concurrency: String(CONCURRENCY)
    })
    const pages = 100
    const idealMs = coldMs + LATENCY_MS * (1 + Math.ceil((pages - 1) / CONCURRENCY))
    const requests = apiRequests(emulator)
    const ratio = wallMs / idealMs
    return {
      scenario: `list 10,000 artifacts (${LATENCY_MS} ms/request, concurrency ${CONCURRENCY})`,
      requests,
      idealRequests: pages,
      wallMs,
      idealMs,
      peakRssBytes,
      note: `target ≤ 1.3× ideal: ${ratio <= 1.3 ? 'met' : 'NOT met'}; count ${run.outputs.count}`
    }
  } finally {
    await emulator.close()
  }
}

/** Select one exact name among 10,000: the API's `name` filter, so pages = matches / 100. */
export async function exactName10k(coldMs: number): Promise<BenchRow> {
  const emulator = await startEmulator()
  try {
    const seed = generateArtifacts({ seed: 5, count: 10_000 })
    emulator.addRepository('bench/big', seed)
    addLatency(emulator, LATENCY_MS)
    const name = 'coverage'
    const matches = seed.filter((a) => a.name === name).length
    emulator.resetRequests()
    const { wallMs, peakRssBytes } = await measureAction(emulator, 'bench/big', {
      mode: 'list',
      name,
      'include-expired': 'true'
    })
    const pages = Math.max(1, Math.ceil(matches / 100))
    const idealMs = coldMs + LATENCY_MS * (1 + Math.ceil((pages - 1) / CONCURRENCY))
    const requests = apiRequests(emulator)
    return {
      scenario: `one exact name among 10,000 (${matches} matches)`,
      requests,
      idealRequests: pages,
      wallMs,
      idealMs,
      peakRssBytes,
      note: `requests = ⌈matches/100⌉: ${requests === pages ? 'met' : 'NOT met'} (a full listing is 100)`
    }
  } finally {
    await emulator.close()
  }
}
