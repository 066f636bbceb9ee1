import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  type Emulator,
  type SeedArtifact,
  generateArtifacts,
  startEmulator
} from '../../emulator/index.js'
import { Inputs, Outputs } from '../../src/settings.js'
import { runAction, visible } from '../../scripts/run-action.js'

const REPO = 'octo-org/lister'
let emulator: Emulator
let seed: SeedArtifact[]

beforeAll(async () => {
  emulator = await startEmulator()
  seed = generateArtifacts({ seed: 7, count: 1234, repositoryId: 77 })
  emulator.addRepository(REPO, seed, { id: 77 })
})
afterAll(async () => emulator.close())

describe('list through dist/index.js', () => {
  it('lists every unexpired artifact with per_page=100 and writes outputs and a summary', async () => {
    emulator.resetRequests()
    const run = await runAction({ apiUrl: emulator.url, token: 'ghs_read_token', repository: REPO })
    expect(run.errors).toEqual([])
    expect(run.code).toBe(0)
    const live = emulator.listArtifacts(REPO).filter((a) => !a.expired)
    expect(Number(run.outputs[Outputs.Count])).toBe(live.length)
    expect(Number(run.outputs[Outputs.Bytes])).toBe(live.reduce((s, a) => s + a.size_in_bytes, 0))
    const listed = JSON.parse(run.outputs[Outputs.Artifacts]) as {
      id: number
      outcome: string
      created_at: string
    }[]
    expect(listed.map((a) => a.id).sort()).toEqual(live.map((a) => a.id).sort())
    expect(listed.every((a) => a.outcome === 'listed')).toBe(true)
    // Newest first.
    const times = listed.map((a) => Date.parse(a.created_at))
    expect([...times].sort((a, b) => b - a)).toEqual(times)
    // One request per page of 100; then, for the storage report's workflow names, at most as
    // many pages of the unfiltered runs listing.
    const pages = emulator.requests.filter((r) => r.path === `/repos/${REPO}/actions/artifacts`)
    expect(pages.length).toBe(Math.ceil(seed.length / 100))
    expect(pages.every((r) => r.query.per_page === '100')).toBe(true)
    const runPages = emulator.requests.filter((r) => r.path === `/repos/${REPO}/actions/runs`)
    expect(runPages.length).toBeLessThanOrEqual(pages.length)
    expect(emulator.requests.length).toBe(pages.length + runPages.length)
    expect(run.summary).toContain('artifact-keeper: list')
    expect(run.summary).toContain('```mermaid')
    // The table stops at 300 rows and says how many it left out.
    expect(run.summary).toContain(`… and ${live.length - 300} more.`)
    expect(run.outputs[Outputs.DeletedCount]).toBe('0')
    expect(run.outputs[Outputs.Complete]).toBe('true')
    expect(emulator.deletedIds(REPO)).toEqual([])
  })

  it('sends one exact name as the server-side filter', async () => {
    emulator.resetRequests()
    const name = seed[0].name
    const run = await runAction({
      apiUrl: emulator.url,
      token: 'ghs_read_token',
      repository: REPO,
      inputs: { [Inputs.Name]: name, [Inputs.IncludeExpired]: 'true' }
    })
    expect(run.code).toBe(0)
    const matching = seed.filter((a) => a.name === name)
    expect(Number(run.outputs[Outputs.Count])).toBe(matching.length)
    expect(
      emulator.requests
        .filter((r) => r.path.endsWith('/actions/artifacts'))
        .every((r) => r.query.name === name)
    ).toBe(true)
    const pages = emulator.requests.filter((r) => r.path === `/repos/${REPO}/actions/artifacts`)
    expect(pages.length).toBe(Math.max(1, Math.ceil(matching.length / 100)))
  })

  it('if-none-found: error fails the step and says what to change', async () => {
    const run = await runAction({
      apiUrl: emulator.url,
      token: 'ghs_read_token',
      repository: REPO,
      inputs: { [Inputs.Name]: 'no-such-artifact-*', [Inputs.IfNoneFound]: 'error' }
    })
    expect(run.code).not.toBe(0)
    expect(run.errors.join('\n')).toMatch(/No artifact matched/)
  })

  it('a run-id that does not exist is blamed on run-id, not on the repository', async () => {
    const run = await runAction({
      apiUrl: emulator.url,
      token: 'ghs_read_token',
      repository: REPO,
      inputs: { [Inputs.RunId]: '424242' }
    })
    expect(run.code).not.toBe(0)
    expect(run.errors.join('\n')).toMatch(/Workflow run 424242 was not found.*'run-id'/)
  })

  it('never prints the token', async () => {
    const run = await runAction({ apiUrl: emulator.url, token: 'ghs_read_token', repository: REPO })
    expect(visible(run.stdout) + run.stderr + run.summary).not.toContain('ghs_read_token')
  })
})
