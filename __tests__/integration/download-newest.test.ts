import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  type Emulator,
  type GeneratedRepository,
  generateRepository,
  startEmulator
} from '../../emulator/index.js'
import { Inputs, Outputs } from '../../src/settings.js'
import { runAction } from '../../scripts/run-action.js'

const REPO = 'octo-org/newest'
const REPO_ID = 5150
let emulator: Emulator
let generated: GeneratedRepository

beforeAll(async () => {
  emulator = await startEmulator()
  generated = generateRepository({ seed: 11, count: 3000, repositoryId: REPO_ID, totalRuns: 900 })
  emulator.addRepository(REPO, generated.artifacts, {
    id: REPO_ID,
    workflows: generated.workflows,
    runs: generated.runs,
    pulls: generated.pulls
  })
})
afterAll(async () => emulator.close())

/**
 * What download's `latest` with one exact name must cost: the name-filtered pages up to the one
 * holding the answer, one run lookup per distinct run of the candidates looked at (newest first),
 * and one "Download an artifact" request.
 */
function expected(name: string): { id: number; requests: number } {
  const runs = new Map(generated.runs.map((r) => [r.id, r]))
  const listed = generated.artifacts
    .filter((a) => a.name === name)
    .sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at) || b.id - a.id)
  const looked = new Set<number>()
  for (const [index, a] of listed.entries()) {
    const fromFork = a.workflow_run.head_repository_id !== a.workflow_run.repository_id
    if (a.expired || fromFork) continue
    looked.add(a.workflow_run.id)
    const run = runs.get(a.workflow_run.id)
    if (run?.status === 'completed' && run.conclusion === 'success') {
      return { id: a.id, requests: Math.floor(index / 100) + 1 + looked.size + 1 }
    }
  }
  throw new Error(`no downloadable ${name}`)
}

describe('download the newest artifact of one name: stop paging when the answer is certain', () => {
  // latest: name costs the pages, the lookups and the download; latest: run (the default) finds
  // the same newest match the same way, then asks for that run's own list (one request more).
  it.each([
    ['build-linux', 'name'],
    ['coverage', 'name'],
    ['test-results', 'name'],
    ['build-linux', 'run'],
    ['coverage', 'run']
  ])(
    '%s, latest: %s: the newest from a successful run, with the fewest requests',
    async (name, latest) => {
      const want = expected(name)
      if (latest === 'run') want.requests += 1
      const total = generated.artifacts.filter((a) => a.name === name).length
      expect(total).toBeGreaterThan(100) // several pages: a full listing would cost more
      emulator.resetRequests()
      const run = await runAction({
        apiUrl: emulator.url,
        token: 'ghs_read_token',
        repository: REPO,
        inputs: {
          [Inputs.Mode]: 'download',
          [Inputs.Name]: name,
          [Inputs.Latest]: latest,
          [Inputs.Path]: 'out'
        }
      })
      expect(run.errors).toEqual([])
      expect(run.code).toBe(0)
      const downloaded = JSON.parse(run.outputs[Outputs.Artifacts]) as {
        id: number
        outcome: string
      }[]
      expect(downloaded).toEqual([expect.objectContaining({ id: want.id, outcome: 'downloaded' })])
      const api = emulator.requests.filter((r) => r.kind === 'api')
      expect(api.length).toBe(want.requests)
      // Taking the whole list costs every page, and checking every candidate's run one lookup each.
      const candidateRuns = new Set(
        generated.artifacts
          .filter((a) => a.name === name && !a.expired)
          .map((a) => a.workflow_run.id)
      )
      expect(api.length).toBeLessThan(Math.ceil(total / 100) + candidateRuns.size + 1)
      if (latest === 'run') {
        const runList = api.filter((r) => /\/actions\/runs\/\d+\/artifacts$/.test(r.path))
        expect(runList.map((r) => r.query.name)).toEqual([name])
      }
    }
  )
})
