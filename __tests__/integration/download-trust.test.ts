/**
 * Issue 10, "a download can't be turned against the workspace": each hole found by trying the
 * download mode as an attacker would, through dist/index.js against the emulator. Archives are
 * checked both ways the action reads them: saved whole, then extracted ('whole'), and extracted
 * while they arrive after their central directory is fetched by range ('streamed').
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { randomBytes } from 'node:crypto'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import {
  type Emulator,
  type SeedArtifact,
  type WorkflowRunRef,
  FSMONITOR,
  cutTransfer,
  ignoreRanges,
  noHeaders,
  overlappingEntries,
  rawZip,
  serveJson,
  startEmulator,
  startTlsFront,
  trickle,
  uploadArtifactZip
} from '../../emulator/index.js'
import { type ActionRun, runAction } from '../../scripts/run-action.js'
import { Inputs, Outputs } from '../../src/settings.js'

const TOKEN = 'ghs_read_token'
const HOUR = 3_600_000
const REPO_ID = 700
const RUN: WorkflowRunRef = {
  id: 7001,
  repository_id: REPO_ID,
  head_repository_id: REPO_ID,
  head_branch: 'main',
  head_sha: '7'.repeat(40)
}
const MODES = {
  whole: { ARTIFACT_KEEPER_STREAM_MIN_BYTES: String(2 ** 50) },
  streamed: { ARTIFACT_KEEPER_STREAM_MIN_BYTES: '0' }
}
type Mode = keyof typeof MODES

let emulator: Emulator
const cleanup: string[] = []
let nextId = 5000
let repoSerial = 0
const escape = `ak-trust-${process.pid}-${Date.now()}`

beforeAll(async () => {
  emulator = await startEmulator()
})
afterAll(async () => {
  await emulator.close()
  for (const dir of cleanup) rmSync(dir, { recursive: true, force: true })
})

function seed(
  name: string,
  content: Buffer,
  hoursAgo = 1,
  extra: Partial<SeedArtifact> = {}
): SeedArtifact {
  const created = Date.now() - hoursAgo * HOUR
  return {
    id: nextId++,
    name,
    created_at: new Date(created).toISOString(),
    expires_at: new Date(created + 90 * 24 * HOUR).toISOString(),
    expired: false,
    workflow_run: RUN,
    content,
    ...extra
  }
}

/** A fresh repository holding `artifacts`. */
function repository(artifacts: SeedArtifact[]): string {
  const name = `octo-org/trust-${repoSerial++}`
  emulator.addRepository(name, artifacts, { id: REPO_ID })
  return name
}

/** A destination folder the test fills first (a checkout, say); removed after the tests. */
function destination(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'ak-trust-dest-'))
  cleanup.push(dir)
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), text)
  }
  return dir
}

async function download(
  repo: string,
  inputs: Record<string, string>,
  env: Record<string, string> = {},
  apiUrl = emulator.url
): Promise<ActionRun> {
  emulator.resetRequests()
  const run = await runAction({
    apiUrl,
    token: TOKEN,
    repository: repo,
    inputs: { [Inputs.Mode]: 'download', [Inputs.Path]: 'out', ...inputs },
    env: { ARTIFACT_KEEPER_RETRY_BASE_MS: '10', ...env }
  })
  cleanup.push(dirname(run.workspace))
  return run
}

interface Entry {
  id: number
  name: string
  outcome: string
  path: string | null
}
const entries = (run: ActionRun): Entry[] => JSON.parse(run.outputs[Outputs.Artifacts]) as Entry[]
const outcomes = (run: ActionRun): Record<string, string> =>
  Object.fromEntries(entries(run).map((e) => [e.name, e.outcome]))
const read = (path: string): string => readFileSync(path, 'utf8')

/** Every file under `dir` with its contents (symlinks and directories apart). */
function files(dir: string): Record<string, string> {
  const found: Record<string, string> = {}
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name)
      if (e.isDirectory()) walk(p)
      else if (e.isFile()) found[relative(dir, p)] = read(p)
    }
  }
  if (existsSync(dir)) walk(dir)
  return found
}

const text = (s: string): Buffer => Buffer.from(s, 'utf8')

describe.each(Object.keys(MODES) as Mode[])('archives read %s', (mode) => {
  const env = MODES[mode]

  it('1. never writes a .git path segment: artifact names and archive entries, in any spelling', async () => {
    const checkout = {
      '.git/config': '[core]\n\trepositoryformatversion = 0\n',
      'README.md': 'mine\n'
    }
    const config = await uploadArtifactZip({ config: FSMONITOR(escape) })
    const repo = repository([
      seed('.git', config),
      seed('.GIT', config),
      seed('GIT~1', config),
      seed('.git.', config),
      seed(
        'entries',
        rawZip([
          { name: 'ok.txt', data: text('ok') },
          { name: '.git/config', data: text(FSMONITOR(escape)) }
        ])
      ),
      seed('upper', rawZip([{ name: '.GIT/config', data: text(FSMONITOR(escape)) }])),
      seed('short', rawZip([{ name: 'GIT~1/config', data: text(FSMONITOR(escape)) }])),
      seed('nested', rawZip([{ name: 'a/.Git/hooks/post-checkout', data: text('#!/bin/sh\n') }])),
      seed('fine', await uploadArtifactZip({ 'fine.txt': 'fine' }))
    ])
    const dest = destination(checkout)
    const run = await download(repo, { [Inputs.Path]: dest }, env)
    expect(run.code).not.toBe(0)
    expect(outcomes(run)).toEqual({
      '.git': 'failed',
      '.GIT': 'failed',
      'GIT~1': 'failed',
      '.git.': 'failed',
      entries: 'failed',
      upper: 'failed',
      short: 'failed',
      nested: 'failed',
      fine: 'downloaded'
    })
    expect(files(dest)).toEqual({ ...checkout, 'fine/fine.txt': 'fine' })
    expect(run.stdout).toMatch(/\.git path segment/)
    expect(existsSync(join('/tmp', escape))).toBe(false)
  })

  it('1. an exact name that extracts into the workspace root cannot carry .git/config', async () => {
    const repo = repository([
      seed(
        'site',
        rawZip([
          { name: 'index.html', data: text('<p>site</p>') },
          { name: '.git/config', data: text(FSMONITOR(escape)) }
        ])
      )
    ])
    const checkout = { '.git/config': '[core]\n', 'index.html': 'old' }
    const dest = destination(checkout)
    const run = await download(repo, { [Inputs.Name]: 'site', [Inputs.Path]: dest }, env)
    expect(run.code).not.toBe(0)
    expect(outcomes(run)).toEqual({ site: 'failed' })
    expect(files(dest)).toEqual(checkout)
  })

  it('2. a refused archive leaves the files that were there, byte for byte', async () => {
    const mine = { 'package.json': '{"name":"mine"}\n', 'src/main.c': 'int main() {}\n' }
    const theirs = [
      { name: 'package.json', data: text('{"name":"theirs"}') },
      { name: 'src/main.c', data: text('evil') }
    ]
    const repo = repository([
      seed('bad-crc', rawZip([...theirs, { name: 'zz-bad.txt', data: text('bad'), crc: 1 }])),
      seed(
        'too-long',
        rawZip([...theirs, { name: 'zz-big.bin', data: Buffer.alloc(100_000), declaredSize: 1000 }])
      )
    ])
    for (const name of ['bad-crc', 'too-long']) {
      const dest = destination(mine)
      const run = await download(repo, { [Inputs.Name]: name, [Inputs.Path]: dest }, env)
      expect([name, run.code === 0]).toEqual([name, false])
      expect(outcomes(run)).toEqual({ [name]: 'failed' })
      expect(files(dest)).toEqual(mine)
    }
  })

  it('2. an interrupted transfer (every attempt cut off) leaves the destination as it was', async () => {
    const mine = { 'package.json': 'mine' }
    const zip = await uploadArtifactZip({
      'package.json': 'theirs',
      'big.bin': Buffer.alloc(300_000, 7)
    })
    const repo = repository([seed('site', zip)])
    const remove = emulator.addHook(cutTransfer(200, { times: 10 }))
    try {
      const dest = destination(mine)
      const run = await download(
        repo,
        { [Inputs.Name]: 'site', [Inputs.Path]: dest },
        {
          ...env,
          ARTIFACT_KEEPER_BLOB_STALL_MS: '1000'
        }
      )
      expect(run.stdout).toMatch(/attempt 5 of 5/)
      expect(outcomes(run)).toEqual({ site: 'failed' })
      expect(files(dest)).toEqual(mine)
    } finally {
      remove()
    }
  })

  it('a digest that does not match moves nothing into place', async () => {
    const mine = { 'index.html': 'mine' }
    const zip = await uploadArtifactZip({ 'index.html': 'swapped', 'new.txt': 'new' })
    const repo = repository([seed('site', zip, 1, { digest: 'sha256:' + '0'.repeat(64) })])
    const dest = destination(mine)
    const run = await download(repo, { [Inputs.Name]: 'site', [Inputs.Path]: dest }, env)
    expect(outcomes(run)).toEqual({ site: 'failed' })
    expect(run.errors.join('\n')).toMatch(/digest-mismatch: warn/)
    expect(files(dest)).toEqual(mine)
  })

  it('6. refuses the overlapping-entry zip bomb (one 5 MiB entry, 200 names)', async () => {
    const bomb = overlappingEntries(5 << 20, 200)
    expect(bomb.length).toBeLessThan(30_000)
    const repo = repository([seed('bomb', bomb)])
    const dest = destination()
    const run = await download(repo, { [Inputs.Name]: 'bomb', [Inputs.Path]: dest }, env)
    expect(run.code).not.toBe(0)
    expect(outcomes(run)).toEqual({ bomb: 'failed' })
    expect(run.stdout).toMatch(/overlaps the next one/)
    expect(files(dest)).toEqual({})
  })
})

describe('merge-multiple', () => {
  it.each(Object.keys(MODES) as Mode[])(
    '3. several artifacts carrying one file: no race, the newest artifact wins, every time (%s)',
    async (mode) => {
      const artifacts: SeedArtifact[] = []
      for (let i = 0; i < 4; i++) {
        // Bigger ones are older, so they tend to finish last: timing must not decide.
        const zip = await uploadArtifactZip({
          'shared.txt': `from part-${i}\n`,
          [`own-${i}.bin`]: Buffer.alloc(50_000 * (i + 1), i)
        })
        artifacts.push(seed(`part-${i}`, zip, i + 1))
      }
      const repo = repository(artifacts)
      for (let round = 0; round < 3; round++) {
        const dest = destination({ 'shared.txt': 'was here' })
        const run = await download(
          repo,
          { [Inputs.Name]: 'part-*', [Inputs.MergeMultiple]: 'true', [Inputs.Path]: dest },
          MODES[mode]
        )
        expect(run.errors).toEqual([])
        expect(Object.values(outcomes(run))).toEqual(Array(4).fill('downloaded'))
        expect(read(join(dest, 'shared.txt'))).toBe('from part-0\n')
        expect(Object.keys(files(dest)).sort()).toEqual([
          'own-0.bin',
          'own-1.bin',
          'own-2.bin',
          'own-3.bin',
          'shared.txt'
        ])
      }
    }
  )

  it.each(Object.keys(MODES) as Mode[])(
    "4. one artifact's late failure never removes another's files (%s)",
    async (mode) => {
      const good = await uploadArtifactZip({ 'a.txt': 'a', 'shared.txt': 'from good' })
      const badLate = rawZip([
        { name: 'b.txt', data: text('b') },
        { name: 'shared.txt', data: text('from bad') },
        { name: 'zz.txt', data: text('late'), crc: 7 }
      ])
      // The failing artifact newer, then older, than the good one.
      for (const [goodAge, badAge] of [
        [2, 1],
        [1, 2]
      ]) {
        const repo = repository([seed('good', good, goodAge), seed('bad', badLate, badAge)])
        const dest = destination({ 'keep.txt': 'mine' })
        const run = await download(
          repo,
          { [Inputs.Name]: 'good,bad', [Inputs.MergeMultiple]: 'true', [Inputs.Path]: dest },
          MODES[mode]
        )
        expect(outcomes(run)).toEqual({ good: 'downloaded', bad: 'failed' })
        expect(files(dest)).toEqual({ 'keep.txt': 'mine', 'a.txt': 'a', 'shared.txt': 'from good' })
      }
    }
  )
  it('a file of the newest artifact where an older one has a folder: the newest wins, every time', async () => {
    // The newest is the biggest, so it tends to finish last: the order must not depend on it.
    const newest = await uploadArtifactZip({
      x: 'file from newest',
      'pad.bin': randomBytes(400_000)
    })
    const older = await uploadArtifactZip({ 'x/y.txt': 'folder from older' })
    const repo = repository([seed('newest', newest, 1), seed('older', older, 2)])
    for (let round = 0; round < 2; round++) {
      const dest = destination()
      const run = await download(
        repo,
        { [Inputs.Name]: '*', [Inputs.MergeMultiple]: 'true', [Inputs.Path]: dest },
        MODES.whole
      )
      expect(outcomes(run)).toEqual({ newest: 'downloaded', older: 'failed' })
      expect(read(join(dest, 'x'))).toBe('file from newest')
      expect(run.stdout).toMatch(/'x' goes through a file that is not a directory/)
    }
  })
})

describe('5. one destination, one artifact', () => {
  it('latest: false gives foo id 123, foo id 124 and foo-123 id 200 three places', async () => {
    const zipOf = (label: string): Promise<Buffer> => uploadArtifactZip({ [`${label}.txt`]: label })
    const repo = repository([
      seed('foo', await zipOf('id123'), 3, { id: 123 }),
      seed('foo', await zipOf('id124'), 2, { id: 124 }),
      seed('foo-123', await zipOf('id200'), 1, { id: 200 })
    ])
    const run = await download(repo, { [Inputs.Name]: 'foo*', [Inputs.Latest]: 'false' })
    expect(run.code).toBe(0)
    const paths = entries(run).map((e) => [e.id, relative(run.workspace, e.path ?? '')])
    expect(paths.sort()).toEqual([
      [123, 'out/foo-123'],
      [124, 'out/foo-124'],
      [200, 'out/foo-123-200']
    ])
    expect(files(join(run.workspace, 'out'))).toEqual({
      'foo-123/id123.txt': 'id123',
      'foo-124/id124.txt': 'id124',
      'foo-123-200/id200.txt': 'id200'
    })
  })

  it('extract: false keeps x (a zip) and x.zip (not a zip) apart', async () => {
    const zip = await uploadArtifactZip({ 'in.txt': 'inside' })
    const repo = repository([seed('x', zip, 2), seed('x.zip', text('plain text, not a zip'), 1)])
    const run = await download(repo, { [Inputs.Name]: 'x*', [Inputs.Extract]: 'false' })
    expect(run.code).toBe(0)
    const byName = Object.fromEntries(entries(run).map((e) => [e.name, e]))
    expect(byName.x.outcome).toBe('downloaded')
    expect(byName['x.zip'].outcome).toBe('downloaded')
    expect(byName.x.path).not.toBe(byName['x.zip'].path)
    expect(readFileSync(byName.x.path as string).equals(zip)).toBe(true)
    expect(read(byName['x.zip'].path as string)).toBe('plain text, not a zip')
    expect(readdirSync(join(run.workspace, 'out')).length).toBe(2)
  })
})

describe('7. ids from the API', () => {
  // A listing whose id or run id is not a positive safe integer is an answer of the wrong shape
  // (SPEC, "What the API answers"): the step fails naming the endpoint and the field, before any
  // request for any artifact of it, so an id can never become a path or a URL.
  it('an artifact whose id or run id is not a positive safe integer is refused before any request for it', async () => {
    const good = seed('good', await uploadArtifactZip({ 'g.txt': 'good' }))
    const repo = repository([good])
    const wire = emulator.listArtifacts(repo)[0]
    const hostile: [string, Record<string, unknown>][] = [
      ['path-id', { ...wire, name: 'path-id', id: `../../../../tmp/${escape}` }],
      ['negative', { ...wire, name: 'negative', id: -5 }],
      ['fraction', { ...wire, name: 'fraction', id: 1.5 }],
      ['huge', { ...wire, name: 'huge', id: 2 ** 60 }],
      [
        'run-id',
        {
          ...wire,
          name: 'run-id',
          id: 9_999_001,
          workflow_run: { ...wire.workflow_run, id: '../x' }
        }
      ]
    ]
    for (const [name, bad] of hostile) {
      const remove = emulator.addHook(
        serveJson(
          (ctx) => ctx.method === 'GET' && /\/actions\/artifacts$/.test(ctx.path),
          () => ({ total_count: 2, artifacts: [wire, bad] })
        )
      )
      try {
        const run = await download(repo, { [Inputs.Path]: 'out' })
        expect([name, run.code]).toEqual([name, 1])
        expect(run.errors.join('\n')).toContain(
          'the API answered something that is not an artifact list (artifacts[1].'
        )
        expect(run.outputs[Outputs.Artifacts]).toBeUndefined()
        expect(emulator.requests.filter((r) => /tmp|%2F|\.\./.test(r.path))).toEqual([])
        expect(emulator.requests.filter((r) => r.path.endsWith('/zip'))).toEqual([])
        expect(existsSync(join(run.workspace, 'out', 'good'))).toBe(false)
        expect(existsSync(join('/tmp', escape))).toBe(false)
      } finally {
        remove()
      }
    }
  })
})

describe('8. every wait is bounded', () => {
  const fast = {
    ARTIFACT_KEEPER_BLOB_HEADERS_TIMEOUT_MS: '500',
    ARTIFACT_KEEPER_BLOB_STALL_MS: '1000',
    ARTIFACT_KEEPER_BLOB_MIN_BYTES: '4096'
  }

  async function oneArtifact(): Promise<{ repo: string; zip: Buffer }> {
    const zip = await uploadArtifactZip({ 'data.bin': Buffer.alloc(40_000, 3), 'a.txt': 'a' })
    return { repo: repository([seed('slow', zip)]), zip }
  }

  it.each([
    [
      'a blob host that never sends headers',
      () => noHeaders({ fullBodyOnly: true }),
      /no answer within 500 ms/
    ],
    [
      'a trickle of one byte every 100 ms',
      () => trickle({ bytes: 1, everyMs: 100, fullBodyOnly: true }),
      /crawled/
    ],
    [
      'a transfer that stops sending',
      () => trickle({ pauseMs: 30_000, fullBodyOnly: true }),
      /stalled/
    ]
  ])('%s is abandoned and retried with a fresh URL', async (_label, hook, reason) => {
    const { repo } = await oneArtifact()
    for (const mode of Object.keys(MODES) as Mode[]) {
      const remove = emulator.addHook(hook())
      try {
        const run = await download(repo, { [Inputs.Name]: 'slow' }, { ...fast, ...MODES[mode] })
        expect([mode, run.code]).toEqual([mode, 0])
        expect(run.stdout).toMatch(reason)
        expect(read(join(run.workspace, 'out', 'a.txt'))).toBe('a')
        const urls = emulator.requests.filter((r) => r.path.endsWith('/zip'))
        expect(urls.length).toBe(2)
        const sigs = new Set(
          emulator.requests.filter((r) => r.kind === 'blob').map((r) => r.query.sig)
        )
        expect(sigs.size).toBe(2)
      } finally {
        remove()
      }
    }
  })

  it('a blob host that never answers fails the artifact after the last attempt', async () => {
    const { repo } = await oneArtifact()
    const remove = emulator.addHook(noHeaders({ times: 100 }))
    try {
      const run = await download(repo, { [Inputs.Name]: 'slow' }, fast)
      expect(run.code).not.toBe(0)
      expect(outcomes(run)).toEqual({ slow: 'failed' })
      expect(emulator.requests.filter((r) => r.path.endsWith('/zip')).length).toBe(5)
    } finally {
      remove()
    }
  })
})

describe('9. free space', () => {
  it.each(Object.keys(MODES) as Mode[])(
    'is counted across the artifacts extracted at once, with a clear message (%s)',
    async (mode) => {
      const artifacts: SeedArtifact[] = []
      for (let i = 0; i < 3; i++)
        artifacts.push(
          seed(
            `part-${i}`,
            await uploadArtifactZip({ 'zeros.bin': Buffer.alloc(3_000_000) }),
            i + 1
          )
        )
      const repo = repository(artifacts)
      const run = await download(
        repo,
        { [Inputs.Name]: 'part-*' },
        { ...MODES[mode], ARTIFACT_KEEPER_FREE_SPACE_BYTES: '8000000' }
      )
      expect(run.code).not.toBe(0)
      const got = Object.values(outcomes(run)).sort()
      expect(got).toEqual(['downloaded', 'downloaded', 'failed'])
      const failure = run.warnings.find((w) => w.startsWith('Could not download')) ?? ''
      expect(failure).toMatch(/not enough free space: .* needs 3\.0 MB/)
      expect(failure).not.toMatch(/ENOSPC|not a valid zip/)
    }
  )
})

describe('10. redirects', () => {
  it('an https API that redirects to plain http is not followed', async () => {
    const repo = repository([seed('site', await uploadArtifactZip({ 'a.txt': 'a' }))])
    const front = await startTlsFront(emulator.url)
    try {
      const run = await download(
        repo,
        { [Inputs.Name]: 'site' },
        { NODE_EXTRA_CA_CERTS: front.caFile },
        front.url
      )
      expect(run.code).not.toBe(0)
      expect(outcomes(run)).toEqual({ site: 'failed' })
      expect(run.stdout).toMatch(/the API is https, but its signed URL is not/)
      // The 302 was asked for through https; the http URL was never fetched.
      expect(emulator.requests.some((r) => r.path.endsWith('/zip'))).toBe(true)
      expect(emulator.requests.filter((r) => r.kind === 'blob')).toEqual([])
      expect(existsSync(join(run.workspace, 'out', 'a.txt'))).toBe(false)
    } finally {
      await front.close()
    }
  })
})

describe('11. the progress line', () => {
  it('shows whole bytes per second and no ETA while nothing arrives', async () => {
    // Random bytes do not compress: 3 kB take a second at 300 bytes every 100 ms.
    const zip = await uploadArtifactZip({ 'data.bin': randomBytes(3000) })
    const repo = repository([seed('slow', zip)])
    for (const mode of Object.keys(MODES) as Mode[]) {
      // Headers, then nothing for 1.5 s, then 300 bytes every 100 ms.
      const remove = emulator.addHook(
        trickle({ pauseMs: 1500, bytes: 300, everyMs: 100, fullBodyOnly: true })
      )
      try {
        const run = await download(
          repo,
          { [Inputs.Name]: 'slow' },
          {
            ...MODES[mode],
            ARTIFACT_KEEPER_PROGRESS_MS: '250',
            ARTIFACT_KEEPER_BLOB_STALL_MS: '20000'
          }
        )
        expect([mode, run.code]).toEqual([mode, 0])
        const lines = run.stdout.split('\n').filter((l) => l.startsWith('Downloaded 0/1 artifacts'))
        expect(lines.length).toBeGreaterThan(2)
        for (const line of lines) {
          expect(line).toMatch(/, (\d+ B|\d+(\.\d)? [kMGT]B)\/s, /)
          expect(line).not.toMatch(/\d\.\d+ B\/s/)
          if (/ 0 B\/s/.test(line)) expect(line).toMatch(/ETA unknown/)
          expect(line).not.toMatch(/ 0 B\/s, ETA 0s/)
        }
        expect(lines.some((l) => / 0 B\/s, ETA unknown/.test(l))).toBe(true)
        expect(lines.some((l) => /[1-9]\d* (B|kB)\/s, ETA \d/.test(l))).toBe(true)
      } finally {
        remove()
      }
    }
  })
})

describe('a host that ignores Range', () => {
  it('is read whole instead, with the same checks', async () => {
    const zip = await uploadArtifactZip({ 'a.txt': 'a', 'b/c.txt': 'c' })
    const repo = repository([seed('site', zip), seed('bomb', overlappingEntries(1 << 20, 20))])
    const remove = emulator.addHook(ignoreRanges())
    try {
      const run = await download(repo, { [Inputs.Name]: 'site,bomb' }, MODES.streamed)
      expect(outcomes(run)).toEqual({ site: 'downloaded', bomb: 'failed' })
      expect(files(join(run.workspace, 'out'))).toEqual({ 'site/a.txt': 'a', 'site/b/c.txt': 'c' })
      // One request each: the range request's whole answer was used, not fetched again.
      expect(emulator.requests.filter((r) => r.kind === 'blob').length).toBe(2)
    } finally {
      remove()
    }
  })
})
