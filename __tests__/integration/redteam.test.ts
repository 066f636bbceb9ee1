/**
 * Red-team follow-ups to issues 10 and 11, through dist/index.js against the emulator: holes found
 * after those issues landed, each one first reproduced here, then closed.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync
} from 'node:fs'
import { randomBytes } from 'node:crypto'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import {
  type Emulator,
  type SeedArtifact,
  type WorkflowRunRef,
  ignoreRanges,
  oversizedBody,
  rawZip,
  trickle,
  startEmulator,
  uploadArtifactZip
} from '../../emulator/index.js'
import { type ActionRun, runAction } from '../../scripts/run-action.js'
import { Inputs, Outputs } from '../../src/settings.js'

const TOKEN = 'ghs_read_token'
const HOUR = 3_600_000
const REPO_ID = 710
const RUN: WorkflowRunRef = {
  id: 7101,
  repository_id: REPO_ID,
  head_repository_id: REPO_ID,
  head_branch: 'main',
  head_sha: '8'.repeat(40)
}
const MODES = {
  whole: { ARTIFACT_KEEPER_STREAM_MIN_BYTES: String(2 ** 50) },
  streamed: { ARTIFACT_KEEPER_STREAM_MIN_BYTES: '0' },
  'streamed, Range ignored': { ARTIFACT_KEEPER_STREAM_MIN_BYTES: '0' }
}
type Mode = keyof typeof MODES
const MiB = 1024 * 1024

let emulator: Emulator
const cleanup: string[] = []
let nextId = 9000
let repoSerial = 0

beforeAll(async () => {
  emulator = await startEmulator()
})
afterAll(async () => {
  await emulator.close()
  for (const dir of cleanup) rmSync(dir, { recursive: true, force: true })
})

function seed(name: string, content: Buffer, extra: Partial<SeedArtifact> = {}): SeedArtifact {
  const created = Date.now() - HOUR
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

function repository(artifacts: SeedArtifact[]): string {
  const name = `octo-org/redteam-${repoSerial++}`
  emulator.addRepository(name, artifacts, { id: REPO_ID })
  return name
}

function destination(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'ak-redteam-dest-'))
  cleanup.push(dir)
  for (const [path, text] of Object.entries(files)) writeFileSync(join(dir, path), text)
  return dir
}

async function download(
  repo: string,
  inputs: Record<string, string>,
  env: Record<string, string> = {}
): Promise<ActionRun> {
  emulator.resetRequests()
  const run = await runAction({
    apiUrl: emulator.url,
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

/** Every file under `dir`, with its contents. */
function files(dir: string): Record<string, string> {
  const found: Record<string, string> = {}
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name)
      if (e.isDirectory()) walk(p)
      else if (e.isFile()) found[relative(dir, p)] = readFileSync(p, 'utf8')
    }
  }
  if (existsSync(dir)) walk(dir)
  return found
}

describe('a blob host that sends more than the artifact', () => {
  it.each(Object.keys(MODES) as Mode[])(
    'is cut off at the declared size (%s), nothing is put in place',
    async (mode) => {
      const zip = await uploadArtifactZip({ 'a.txt': 'a' })
      const artifact = seed('big', zip)
      const repo = repository([artifact])
      const sent: number[] = []
      const extra = 512 * MiB
      const removeIgnore =
        mode === 'streamed, Range ignored' ? emulator.addHook(ignoreRanges()) : () => {}
      const remove = emulator.addHook(
        oversizedBody({ body: zip, extraBytes: extra, times: 10, onSent: (n) => sent.push(n) })
      )
      try {
        const dest = destination({ 'mine.txt': 'mine' })
        const run = await download(repo, { [Inputs.Path]: dest }, MODES[mode])
        expect(run.code).not.toBe(0)
        const [entry] = entries(run)
        expect(entry.outcome).toBe('failed')
        expect(run.stdout).toMatch(/more than the \d+ bytes|goes on after its end record/)
        expect(files(dest)).toEqual({ 'mine.txt': 'mine' })
        // Each attempt stopped long before the host ran out: only socket buffers' worth got sent.
        expect(sent.length).toBeGreaterThan(0)
        for (const n of sent) expect(n).toBeLessThan(zip.length + 64 * MiB)
      } finally {
        remove()
        removeIgnore()
      }
    }
  )
})

describe('a checkout whose symbolic links choose where path leads', () => {
  const CONFIG = '[core]\n\trepositoryformatversion = 0\n'
  /** A checkout: .git/config, a README, `out -> .git` and `away -> <a folder outside>`. */
  function checkout(): { workspace: string; outside: string } {
    const top = mkdtempSync(join(tmpdir(), 'ak-redteam-ws-'))
    cleanup.push(top)
    const workspace = join(top, 'workspace')
    const outside = join(top, 'outside')
    mkdirSync(join(workspace, '.git'), { recursive: true })
    mkdirSync(outside)
    writeFileSync(join(workspace, '.git', 'config'), CONFIG)
    writeFileSync(join(workspace, 'README.md'), 'mine\n')
    symlinkSync('.git', join(workspace, 'out'))
    symlinkSync(outside, join(workspace, 'away'))
    return { workspace, outside }
  }

  it.each([
    ['out', /resolves to .*\.git/],
    ['out/sub', /resolves to .*\.git/],
    ['away', /inside the workspace/],
    ['away/deeper', /inside the workspace/]
  ])("path '%s' through the checkout's link is refused, nothing written", async (path, why) => {
    const { workspace, outside } = checkout()
    const hooks = '[core]\n\tfsmonitor = "touch /tmp/ak-redteam-pwned"\n'
    const repo = repository([seed('x', rawZip([{ name: 'config', data: Buffer.from(hooks) }]))])
    const run = await download(
      repo,
      { [Inputs.Path]: path, [Inputs.Name]: 'x' },
      {
        GITHUB_WORKSPACE: workspace
      }
    )
    expect(run.code).not.toBe(0)
    expect(run.stdout).toMatch(/::error::Input 'path' has an invalid value/)
    expect(run.stdout).toMatch(why)
    expect(files(workspace)).toEqual({ '.git/config': CONFIG, 'README.md': 'mine\n' })
    expect(files(outside)).toEqual({})
    expect(readdirSync(outside)).toEqual([])
    // Refused before the artifact was asked for.
    expect(emulator.requests.filter((r) => r.path.endsWith('/zip'))).toEqual([])
  })

  it('a link that stays inside the workspace is still followed', async () => {
    const { workspace } = checkout()
    mkdirSync(join(workspace, 'real'))
    symlinkSync('real', join(workspace, 'alias'))
    const repo = repository([seed('x', await uploadArtifactZip({ 'a.txt': 'a' }))])
    const run = await download(
      repo,
      { [Inputs.Path]: 'alias', [Inputs.Name]: 'x' },
      {
        GITHUB_WORKSPACE: workspace
      }
    )
    expect(run.code).toBe(0)
    expect(files(join(workspace, 'real'))).toEqual({ 'a.txt': 'a' })
  })
})

describe('a signed URL that is not a URL to fetch', () => {
  it.each(['a:', 'javascript:x', 'file:///etc/passwd'])(
    "Location '%s' is refused without being registered as a secret (it would mask that text in the whole log)",
    async (location) => {
      const artifact = seed('x', await uploadArtifactZip({ 'a.txt': 'a' }))
      const repo = repository([artifact])
      const remove = emulator.addHook((ctx) => {
        if (ctx.kind !== 'api' || !ctx.path.endsWith(`/artifacts/${artifact.id}/zip`)) return false
        ctx.record.status = 302
        ctx.res.writeHead(302, { location, 'content-length': '0' })
        ctx.res.end()
        return true
      })
      try {
        const run = await download(repo, {})
        expect(run.code).not.toBe(0)
        expect(entries(run).map((e) => e.outcome)).toEqual(['failed'])
        expect(run.stdout).toMatch(/unsupported scheme/)
        const masks = run.stdout.split('\n').filter((l) => l.startsWith('::add-mask::'))
        expect(masks).toEqual([`::add-mask::${TOKEN}`])
      } finally {
        remove()
      }
    }
  )
})

describe('GITHUB_API_URL that is not a URL', () => {
  it.each(['http://u:se@cret@127.0.0.1:99999', 'http://tok@en:pw@[::1'])(
    '%s fails the step with a message that shows no part of it, no stack trace',
    async (apiUrl) => {
      const run = await runAction({
        apiUrl,
        token: TOKEN,
        repository: 'octo-org/anything',
        inputs: { [Inputs.Mode]: 'list' }
      })
      cleanup.push(dirname(run.workspace))
      expect(run.code).not.toBe(0)
      expect(run.stdout).toMatch(/::error::GITHUB_API_URL is not a valid URL/)
      for (const part of ['cret', 'se@', 'en:pw', 'tok@'])
        expect([part, run.stdout + run.stderr]).not.toEqual([part, expect.stringContaining(part)])
      expect(run.stderr).not.toMatch(/TypeError|at new URL/)
    }
  )
})

describe('a cancelled step (the runner sends SIGINT, then SIGTERM)', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)(
    '%s mid-transfer leaves the destination as it was: no staging folder with unverified files',
    async (signal) => {
      const zip = rawZip([
        { name: 'first.txt', data: randomBytes(64 * 1024) },
        { name: 'second.txt', data: randomBytes(64 * 1024) }
      ])
      const artifact = seed('slow', zip)
      const repo = repository([artifact])
      let child: import('node:child_process').ChildProcess | undefined
      let signalled = false
      // The body arrives 4 KiB at a time (seconds in all); the step is cancelled as it starts.
      const removeTrickle = emulator.addHook(trickle({ bytes: 4096, everyMs: 200, times: 10 }))
      const removeWatch = emulator.addHook((ctx) => {
        if (ctx.kind !== 'blob' || signalled) return
        signalled = true
        child?.kill(signal)
      })
      try {
        const dest = destination({ 'mine.txt': 'mine' })
        emulator.resetRequests()
        const run = await runAction({
          apiUrl: emulator.url,
          token: TOKEN,
          repository: repo,
          inputs: { [Inputs.Mode]: 'download', [Inputs.Path]: dest },
          env: { ...MODES.whole },
          onSpawn: (c) => (child = c)
        })
        cleanup.push(dirname(run.workspace))
        expect(signalled).toBe(true)
        expect(run.code).not.toBe(0)
        expect(readdirSync(dest)).toEqual(['mine.txt'])
      } finally {
        removeTrickle()
        removeWatch()
      }
    }
  )
})

describe('.git spellings issue 10 did not list (held: each refused)', () => {
  it.each(['whole', 'streamed'] as Mode[])('archives read %s', async (mode) => {
    const config = Buffer.from('[core]\n\tfsmonitor = "touch /tmp/ak-redteam-git"\n')
    const spellings = [
      '.git ',
      '.Git',
      'git~1',
      '.g\u200cit',
      '.git\ufeff',
      '.git. .',
      '.git::$INDEX_ALLOCATION'
    ]
    const repo = repository([
      ...spellings.map((s, i) => seed(`e${i}`, rawZip([{ name: `${s}/config`, data: config }]))),
      // `.git` as a file (a gitdir: pointer), and a spelling as an artifact name
      seed('file', rawZip([{ name: '.git', data: Buffer.from('gitdir: /tmp/evil\n') }])),
      seed('.Git ', await uploadArtifactZip({ config: 'x' })),
      seed('ok', await uploadArtifactZip({ 'ok.txt': 'ok' }))
    ])
    const dest = destination({ 'mine.txt': 'mine' })
    const run = await download(repo, { [Inputs.Path]: dest }, MODES[mode])
    expect(run.code).not.toBe(0)
    const got = Object.fromEntries(entries(run).map((e) => [e.name, e.outcome]))
    expect(got.ok).toBe('downloaded')
    for (const name of [...spellings.map((_, i) => `e${i}`), 'file', '.Git '])
      expect([name, got[name]]).toEqual([name, 'failed'])
    expect(files(dest)).toEqual({ 'mine.txt': 'mine', 'ok/ok.txt': 'ok' })
  })
})
