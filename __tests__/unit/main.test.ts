import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { WireArtifact } from '../../src/github/artifacts-api.js'
import { run } from '../../src/main.js'
import { Inputs, Outputs } from '../../src/settings.js'
import { DAY } from '../../__fixtures__/artifacts.js'
import { CoreRecorder } from '../../__fixtures__/core.js'
import { FakeClock } from '../../__fixtures__/fake-clock.js'
import { REPOSITORY, TOKEN } from '../../__fixtures__/inputs.js'

// run() is tested lightly here: inputs → setFailed, and a few whole runs against a tiny local
// API. The integration tests drive dist/index.js against the full emulator.

interface Seen {
  method: string
  path: string
  query: URLSearchParams
  authorization?: string
}

const clock = new FakeClock()
const seen: Seen[] = []
let artifacts: WireArtifact[] = []
let deleteStatus = 204
let server: Server
let apiUrl = ''

function wire(id: number, name: string, ageDays: number, expired = false): WireArtifact {
  return {
    id,
    name,
    size_in_bytes: id * 1000,
    expired,
    created_at: new Date(clock.now() - ageDays * DAY).toISOString(),
    workflow_run: { id: 500 + id, head_branch: 'main', head_sha: 'a'.repeat(40) }
  }
}

function answer(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://localhost')
  seen.push({
    method: req.method ?? '',
    path: url.pathname,
    query: url.searchParams,
    authorization: req.headers.authorization
  })
  const rate = { 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '4999' }
  const base = `/repos/${REPOSITORY}/actions/artifacts`
  if (req.method === 'GET' && url.pathname === base) {
    const page = Number(url.searchParams.get('page') ?? '1')
    const name = url.searchParams.get('name')
    const matching = artifacts.filter((a) => name === null || a.name === name)
    const body = { total_count: matching.length, artifacts: page === 1 ? matching : [] }
    res.writeHead(200, { 'content-type': 'application/json', ...rate })
    res.end(JSON.stringify(body))
    return
  }
  if (req.method === 'GET' && url.pathname === `/repos/${REPOSITORY}/actions/runs`) {
    // no run in progress (delete asks, by status)
    res.writeHead(200, { 'content-type': 'application/json', ...rate })
    res.end(JSON.stringify({ total_count: 0, workflow_runs: [] }))
    return
  }
  if (req.method === 'DELETE' && url.pathname.startsWith(`${base}/`)) {
    res.writeHead(deleteStatus, { 'content-type': 'application/json', ...rate })
    res.end(deleteStatus === 204 ? '' : JSON.stringify({ message: 'Resource not accessible' }))
    return
  }
  res.writeHead(404, { 'content-type': 'application/json' })
  res.end(JSON.stringify({ message: 'Not Found' }))
}

beforeAll(async () => {
  server = createServer(answer)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

beforeEach(() => {
  seen.length = 0
  deleteStatus = 204
  artifacts = [wire(1, 'build', 1), wire(2, 'build', 40), wire(3, 'docs', 2, true)]
})

function env(): NodeJS.ProcessEnv {
  return {
    GITHUB_API_URL: apiUrl,
    GITHUB_SERVER_URL: 'https://github.com',
    ARTIFACT_KEEPER_RETRY_BASE_MS: '1'
  }
}

async function runWith(
  inputs: Record<string, string>,
  extraEnv: NodeJS.ProcessEnv = {}
): Promise<CoreRecorder> {
  const core = new CoreRecorder(inputs)
  await run(core, { ...env(), ...extraEnv }, clock)
  return core
}

describe('run: bad input', () => {
  it.each([
    [Inputs.Mode, 'purge'],
    [Inputs.OlderThan, '30'],
    [Inputs.MinSize, '10 parsecs'],
    [Inputs.Commit, 'xyz'],
    [Inputs.Repository, 'not-a-repo'],
    [Inputs.DryRun, 'maybe']
  ])('%s %p: fails naming the input and value, before any request', async (input, value) => {
    const core = await runWith({ [input]: value })
    expect(core.failures).toHaveLength(1)
    expect(core.failures[0]).toContain(`'${input}'`)
    expect(core.failures[0]).toContain(`'${value}'`)
    expect(seen).toEqual([])
    expect(core.outputs.size).toBe(0)
    expect(core.allText()).not.toContain(TOKEN)
  })

  it('refuses delete with no selecting input, before any request', async () => {
    const core = await runWith({ [Inputs.Mode]: 'delete' })
    expect(core.failures).toHaveLength(1)
    expect(core.failures[0]).toContain("name: '*'")
    expect(seen).toEqual([])
  })
})

describe('run: whole runs against a local API', () => {
  it('list: masks the token, lists once, sets outputs, writes a summary', async () => {
    const core = await runWith({})
    expect(core.failures).toEqual([])
    expect(core.secrets).toContain(TOKEN)
    // one listing; then the report names the two runs (a lookup each: fewer than a runs page)
    expect(seen.map((r) => `${r.method} ${r.path}`).sort()).toEqual([
      `GET /repos/${REPOSITORY}/actions/artifacts`,
      `GET /repos/${REPOSITORY}/actions/runs/501`,
      `GET /repos/${REPOSITORY}/actions/runs/502`
    ])
    expect(seen[0].query.get('per_page')).toBe('100')
    expect(seen[0].authorization).toMatch(new RegExp(`^(token|Bearer) ${TOKEN}$`))
    expect(core.outputs.get(Outputs.Count)).toBe('2') // the expired one is skipped
    expect(core.outputs.get(Outputs.Bytes)).toBe('3000')
    expect(core.outputs.get(Outputs.Complete)).toBe('true')
    const listed = JSON.parse(core.outputs.get(Outputs.Artifacts) ?? '') as { id: number }[]
    expect(listed.map((a) => a.id)).toEqual([1, 2])
    expect(core.summaries).toHaveLength(1)
    expect(core.openGroups).toBe(0)
    expect(core.allText()).not.toContain(TOKEN)
  })

  it('sends one exact name as the server filter', async () => {
    const core = await runWith({ [Inputs.Name]: 'docs', [Inputs.IncludeExpired]: 'true' })
    expect(core.failures).toEqual([])
    expect(seen[0].query.get('name')).toBe('docs')
    expect(core.outputs.get(Outputs.Count)).toBe('1')
  })

  it("if-none-found 'error': fails and says how to let the step pass", async () => {
    const core = await runWith({ [Inputs.Name]: 'nothing-*', [Inputs.IfNoneFound]: 'error' })
    expect(core.failures).toHaveLength(1)
    expect(core.failures[0]).toContain('if-none-found')
  })

  it("if-none-found 'warn': warns, succeeds and sets outputs", async () => {
    const core = await runWith({ [Inputs.Name]: 'nothing-*', [Inputs.IfNoneFound]: 'warn' })
    expect(core.failures).toEqual([])
    expect(core.warnings).toHaveLength(1)
    expect(core.outputs.get(Outputs.Count)).toBe('0')
  })

  it('delete spares the artifacts of the current run (GITHUB_RUN_ID), and asks for the active runs by status', async () => {
    const core = await runWith(
      { [Inputs.Mode]: 'delete', [Inputs.Name]: 'build' },
      { GITHUB_RUN_ID: '501' }
    )
    expect(core.failures).toEqual([])
    expect(seen.filter((r) => r.method === 'DELETE').map((r) => r.path)).toEqual([
      `/repos/${REPOSITORY}/actions/artifacts/2`
    ])
    const statuses = seen
      .filter((r) => r.path.endsWith('/actions/runs'))
      .map((r) => r.query.get('status'))
      .sort()
    expect(statuses).toEqual(['in_progress', 'pending', 'queued', 'requested', 'waiting'])
    expect(core.infos.join('\n')).toMatch(/Spared 1 artifact\(s\) of 1 run\(s\).*501 \(this run\)/)
  })

  it('delete dry run: sends no DELETE', async () => {
    const core = await runWith({
      [Inputs.Mode]: 'delete',
      [Inputs.OlderThan]: '30d',
      [Inputs.DryRun]: 'true'
    })
    expect(core.failures).toEqual([])
    expect(seen.filter((r) => r.method === 'DELETE')).toEqual([])
    const listed = JSON.parse(core.outputs.get(Outputs.Artifacts) ?? '') as { outcome: string }[]
    expect(listed).toEqual([expect.objectContaining({ id: 2, outcome: 'would-delete' })])
    expect(core.outputs.get(Outputs.DeletedCount)).toBe('0')
  })

  it('delete: deletes what matched and reports it', async () => {
    const core = await runWith({ [Inputs.Mode]: 'delete', [Inputs.Name]: 'build' })
    expect(core.failures).toEqual([])
    expect(seen.filter((r) => r.method === 'DELETE').map((r) => r.path)).toEqual([
      `/repos/${REPOSITORY}/actions/artifacts/2`,
      `/repos/${REPOSITORY}/actions/artifacts/1`
    ])
    expect(core.outputs.get(Outputs.DeletedCount)).toBe('2')
    expect(core.outputs.get(Outputs.DeletedBytes)).toBe('3000')
  })

  it('delete with a 403: fails asking for actions: write, after setting outputs', async () => {
    deleteStatus = 403
    const core = await runWith({
      [Inputs.Mode]: 'delete',
      [Inputs.Name]: 'build',
      [Inputs.Concurrency]: '1'
    })
    expect(core.failures).toHaveLength(1)
    expect(core.failures[0]).toContain('actions: write')
    expect(seen.filter((r) => r.method === 'DELETE')).toHaveLength(1)
    expect(core.outputs.get(Outputs.Complete)).toBe('false')
    expect(core.outputs.get(Outputs.DeletedCount)).toBe('0')
  })

  it('an unreachable API fails the step without the token in the message', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise<void>((resolve) => closed.close(() => resolve()))
    const core = new CoreRecorder()
    await run(core, { ...env(), GITHUB_API_URL: `http://127.0.0.1:${port}` }, clock)
    expect(core.failures).toHaveLength(1)
    expect(core.failures[0]).not.toContain(TOKEN)
    expect(core.allText()).not.toContain(TOKEN)
    expect(core.outputs.size).toBe(0)
  })
})

describe('run: what the API says is data; secrets never printed (issue 11)', () => {
  it('a token with a line break: masked line by line, refused before any request, never shown', async () => {
    const token = 'ghs_firstLINE\nghs_secondLINE'
    const core = await runWith({ [Inputs.Token]: token })
    expect(core.failures).toHaveLength(1)
    expect(core.failures[0]).toMatch(/Input 'token' holds a line break/)
    expect(seen).toEqual([])
    expect(core.secrets).toEqual(
      expect.arrayContaining([
        token,
        'ghs_firstLINE',
        'ghs_secondLINE',
        'ghs_firstLINE%0Aghs_secondLINE'
      ])
    )
    for (const piece of ['ghs_firstLINE', 'ghs_secondLINE', 'firstLINE', 'secondLINE'])
      expect(core.allText()).not.toContain(piece)
  })

  it('a name with a line break and a command is logged as one escaped line', async () => {
    artifacts = [wire(7, 'evil\n::set-output name=x::y\u001b[31m', 40)]
    const core = await runWith({
      [Inputs.Mode]: 'delete',
      [Inputs.OlderThan]: '30d',
      [Inputs.DryRun]: 'true'
    })
    expect(core.failures).toEqual([])
    const line = core.infos.find((l) => l.startsWith('Would delete '))
    expect(line).toBe(
      'Would delete evil\\n::set-output name=x::y\\x1b[31m (id 7, 7.0 kB, created ' +
        `${new Date(clock.now() - 40 * DAY).toISOString()})`
    )
    for (const text of [...core.infos, ...core.warnings, ...core.debugs, ...core.groups])
      for (const control of ['\n', '\r', '\u001b']) expect(text).not.toContain(control)
  })

  it('GITHUB_API_URL with user:password: used without them, a warning that never shows them', async () => {
    const withCredentials = apiUrl.replace('http://', 'http://someone:S3CRET@')
    const core = new CoreRecorder({})
    await run(core, { ...env(), GITHUB_API_URL: withCredentials }, clock)
    expect(core.failures).toEqual([])
    // the listing, then the report's two run lookups (CI #n), all without the credentials
    expect(seen.map((r) => r.path).filter((p) => p.endsWith('/actions/artifacts'))).toHaveLength(1)
    expect(core.warnings).toEqual([expect.stringContaining('GITHUB_API_URL holds a user name')])
    expect(core.allText()).not.toContain('S3CRET')
    expect(core.allText()).not.toContain('someone')
  })
})
