import { generateOrganization, startEmulator } from '../../emulator/index.js'
import { type BenchRow, addLatency, apiRequests, measureAction } from '../lib.js'
import { LATENCY_MS } from './listing.js'

const REPOSITORIES = 200
const ARTIFACTS = 30
const CONCURRENCY = 8
const PER_PAGE = 100

/**
 * `owner/*` over 200 repositories of 30 artifacts each: the ideal is the repository list's pages
 * (page 1, then the rest at once) plus one artifact page per repository, `concurrency` at a time,
 * each one latency. The peak of requests in flight (seen by the emulator) shows the one
 * concurrency bound holds across repositories.
 */
export async function listOrganization(coldMs: number): Promise<BenchRow> {
  const emulator = await startEmulator()
  try {
    const org = generateOrganization({
      owner: 'bench-org',
      repositories: REPOSITORIES,
      artifacts: ARTIFACTS,
      seed: 14
    })
    for (const r of org) emulator.addRepository(r.fullName, r.artifacts, r.extras)
    let inFlight = 0
    let peak = 0
    emulator.addHook((ctx) => {
      if (ctx.kind !== 'api') return false
      inFlight += 1
      peak = Math.max(peak, inFlight)
      ctx.res.once('close', () => (inFlight -= 1))
      return false
    })
    addLatency(emulator, LATENCY_MS)
    emulator.resetRequests()
    const { wallMs, peakRssBytes, run } = await measureAction(emulator, 'bench-org/repo-001', {
      mode: 'list',
      repository: 'bench-org/*',
      'include-expired': 'true',
      concurrency: String(CONCURRENCY)
    })
    const repoPages = Math.ceil(REPOSITORIES / PER_PAGE)
    const idealRequests = repoPages + REPOSITORIES
    const idealMs =
      coldMs +
      LATENCY_MS *
        (1 + Math.ceil((repoPages - 1) / CONCURRENCY) + Math.ceil(REPOSITORIES / CONCURRENCY))
    const requests = apiRequests(emulator)
    const ratio = wallMs / idealMs
    const listed = JSON.parse(run.outputs.repositories ?? '[]') as unknown[]
    return {
      scenario: `owner/*: list ${REPOSITORIES} repositories × ${ARTIFACTS} artifacts (${LATENCY_MS} ms/request, concurrency ${CONCURRENCY})`,
      requests,
      idealRequests,
      wallMs,
      idealMs,
      peakRssBytes,
      note:
        `requests = ideal: ${requests === idealRequests ? 'met' : 'NOT met'}; ≤ 1.3× ideal: ` +
        `${ratio <= 1.3 ? 'met' : 'NOT met'}; peak in flight ${peak} (bound ${CONCURRENCY}); ` +
        `${listed.length} repositories, count ${run.outputs.count}`
    }
  } finally {
    await emulator.close()
  }
}
