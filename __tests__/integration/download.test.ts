import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import {
  type Emulator,
  type SeedArtifact,
  type WorkflowRunRef,
  cutTransfer,
  expireUrlOnce,
  hostileArchives,
  largeArtifact,
  startEmulator,
  uploadArtifactZip
} from '../../emulator/index.js'
import { type ActionRun, runAction, visible } from '../../scripts/run-action.js'
import { Inputs, Outputs } from '../../src/settings.js'

/** Folders a test made outside the action's run folders; removed after the file. */
const madeDirs: string[] = []
afterAll(() => {
  for (const dir of madeDirs) rmSync(dir, { recursive: true, force: true })
})

const REPO = 'octo-org/producer'
const REPO_ID = 500
const FORK_ID = 9001
const TOKEN = 'ghs_read_token'
const HOUR = 3_600_000
const TTL = 60_000

let emulator: Emulator
/** Added to the emulator's clock: jumping it expires signed URLs. */
let clockOffset = 0

function runRef(id: number, branch: string, sha: string, head = REPO_ID): WorkflowRunRef {
  return {
    id,
    repository_id: REPO_ID,
    head_repository_id: head,
    head_branch: branch,
    head_sha: sha
  }
}
const MAIN_NEW = runRef(103, 'main', 'c'.repeat(40))
const FEATURE = runRef(102, 'feature/x', 'b'.repeat(40))
const MAIN_OLD = runRef(101, 'main', 'a'.repeat(40))
const FORK = runRef(104, 'patch-1', 'd'.repeat(40), FORK_ID)

let nextId = 1000
const zips = new Map<number, Buffer>()
function artifact(
  name: string,
  run: WorkflowRunRef,
  hoursAgo: number,
  content: Buffer,
  extra: Partial<SeedArtifact> = {}
): SeedArtifact {
  const id = nextId++
  zips.set(id, content)
  const created = Date.now() - hoursAgo * HOUR
  return {
    id,
    name,
    created_at: new Date(created).toISOString(),
    expires_at: new Date(created + 90 * 24 * HOUR).toISOString(),
    expired: false,
    workflow_run: run,
    content,
    ...extra
  }
}

const seeds: Record<string, SeedArtifact> = {}

beforeAll(async () => {
  emulator = await startEmulator({ now: () => Date.now() + clockOffset, blobUrlTtlMs: TTL })
  const build = (run: WorkflowRunRef, label: string): Promise<Buffer> =>
    uploadArtifactZip({
      'app.js': `console.log('${label}')\n`,
      'bin/run.sh': { data: `#!/bin/sh\necho ${label}\n`, mode: 0o755 }
    })
  seeds.distOld = artifact('dist', MAIN_OLD, 30, await build(MAIN_OLD, 'dist old'))
  seeds.distFeature = artifact('dist', FEATURE, 20, await build(FEATURE, 'dist feature'))
  seeds.distNew = artifact('dist', MAIN_NEW, 10, await build(MAIN_NEW, 'dist new'))
  seeds.distFork = artifact('dist', FORK, 1, await build(FORK, 'dist fork'))
  seeds.coverageOld = artifact(
    'coverage',
    MAIN_OLD,
    30,
    await uploadArtifactZip({ 'lcov.info': 'TN: old\n' })
  )
  seeds.coverageNew = artifact(
    'coverage',
    MAIN_NEW,
    10,
    await uploadArtifactZip({ 'lcov.info': 'TN: new\n', 'html/index.html': '<p>new</p>' })
  )
  seeds.tampered = artifact(
    'tampered',
    MAIN_NEW,
    10,
    await uploadArtifactZip({ 'evil.txt': 'swapped\n' }),
    {
      digest: 'sha256:' + '0'.repeat(64)
    }
  )
  seeds.notes = artifact('notes.txt', MAIN_NEW, 10, Buffer.from('not a zip, just text\n'))
  const expiredAt = Date.now() - HOUR
  seeds.gone = artifact(
    'old-report',
    MAIN_OLD,
    24 * 91,
    await uploadArtifactZip({ 'r.txt': 'old' }),
    {
      expires_at: new Date(expiredAt).toISOString()
    }
  )
  emulator.addRepository(REPO, Object.values(seeds), { id: REPO_ID })
})
afterAll(async () => emulator.close())

function download(
  inputs: Record<string, string>,
  repository = REPO,
  extra: { measureRss?: boolean } = {}
): Promise<ActionRun> {
  emulator.resetRequests()
  return runAction({
    apiUrl: emulator.url,
    token: TOKEN,
    repository,
    inputs: { [Inputs.Mode]: 'download', [Inputs.Path]: 'out', ...inputs },
    env: { ARTIFACT_KEEPER_RETRY_BASE_MS: '10' },
    ...extra
  })
}

interface Entry {
  id: number
  name: string
  outcome: string
  path: string | null
  run_id: number
}
const entries = (run: ActionRun): Entry[] => JSON.parse(run.outputs[Outputs.Artifacts]) as Entry[]
const out = (run: ActionRun, ...parts: string[]): string => join(run.workspace, 'out', ...parts)
const read = (path: string): string => readFileSync(path, 'utf8')

/** Every file and directory under `dir`, relative, sorted (symlinks listed, not followed). */
function tree(dir: string): string[] {
  if (!existsSync(dir)) return []
  const found: string[] = []
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name)
      found.push(relative(dir, p) + (e.isDirectory() ? '/' : ''))
      if (e.isDirectory()) walk(p)
    }
  }
  walk(dir)
  return found.sort()
}

function expectClean(run: ActionRun): void {
  expect(emulator.blobAuthorizationAttempts).toBe(0)
  expect(emulator.requests.filter((r) => r.kind === 'blob').every((r) => !r.authorization)).toBe(
    true
  )
  const shown = visible(run.stdout) + run.stderr + run.summary + JSON.stringify(run.outputs)
  expect(shown).not.toContain('/_blobs/')
  expect(shown).not.toContain('sig=')
  expect(shown).not.toContain(TOKEN)
}

describe('download through dist/index.js', () => {
  it('latest: name takes the newest artifact of each name across runs, skips forks, keeps the executable bit', async () => {
    const run = await download({ [Inputs.Name]: 'dist, coverage', [Inputs.Latest]: 'name' })
    expect(run.errors).toEqual([])
    expect(run.code).toBe(0)
    expect(read(out(run, 'dist', 'app.js'))).toBe("console.log('dist new')\n")
    expect(read(out(run, 'coverage', 'html', 'index.html'))).toBe('<p>new</p>')
    expect(lstatSync(out(run, 'dist', 'bin', 'run.sh')).mode & 0o111).not.toBe(0)
    expect(lstatSync(out(run, 'dist', 'app.js')).mode & 0o111).toBe(0)
    expect(tree(out(run))).toEqual([
      'coverage/',
      'coverage/html/',
      'coverage/html/index.html',
      'coverage/lcov.info',
      'dist/',
      'dist/app.js',
      'dist/bin/',
      'dist/bin/run.sh'
    ])
    expect(
      entries(run)
        .map((e) => [e.id, e.outcome, e.path])
        .sort()
    ).toEqual([
      [seeds.distNew.id, 'downloaded', out(run, 'dist')],
      [seeds.coverageNew.id, 'downloaded', out(run, 'coverage')]
    ])
    expect(run.outputs[Outputs.DownloadPath]).toBe(out(run))
    expect(run.stdout).toMatch(
      /1 artifact\(s\) made by runs from forks were skipped.*allow-forks: true/
    )
    expectClean(run)
  })

  it('takes the fork artifact when allow-forks is true', async () => {
    const run = await download({ [Inputs.Name]: 'dist', [Inputs.AllowForks]: 'true' })
    expect(run.code).toBe(0)
    // One exact name and one artifact: straight into path.
    expect(read(out(run, 'app.js'))).toBe("console.log('dist fork')\n")
    expect(entries(run).map((e) => e.id)).toEqual([seeds.distFork.id])
  })

  it('skips the fork artifacts also when run-id is given, and says how to allow them', async () => {
    const run = await download({ [Inputs.RunId]: String(FORK.id) })
    expect(run.code).not.toBe(0)
    expect(run.errors.join('\n')).toMatch(/No artifact matched/)
    expect(run.stdout).toMatch(/1 artifact\(s\) made by runs from forks were skipped/)
    expect(tree(out(run))).toEqual([])
  })

  it('downloads by run, branch and commit', async () => {
    const byRun = await download({ [Inputs.RunId]: String(MAIN_OLD.id) })
    expect(byRun.code).toBe(0)
    expect(read(out(byRun, 'dist', 'app.js'))).toBe("console.log('dist old')\n")
    expect(read(out(byRun, 'coverage', 'lcov.info'))).toBe('TN: old\n')

    const byBranch = await download({ [Inputs.Branch]: 'feature/*' })
    expect(entries(byBranch).map((e) => e.id)).toEqual([seeds.distFeature.id])

    const byCommit = await download({ [Inputs.Commit]: 'a'.repeat(7), [Inputs.Name]: 'dist' })
    expect(read(out(byCommit, 'app.js'))).toBe("console.log('dist old')\n")
  })

  it('latest: false puts several artifacts of one name in <name>-<id>/', async () => {
    const run = await download({ [Inputs.Name]: 'dist', [Inputs.Latest]: 'false' })
    expect(run.code).toBe(0)
    const ids = [seeds.distNew.id, seeds.distFeature.id, seeds.distOld.id]
    expect(entries(run).map((e) => e.path)).toEqual(ids.map((id) => out(run, `dist-${id}`)))
    expect(read(out(run, `dist-${seeds.distFeature.id}`, 'app.js'))).toBe(
      "console.log('dist feature')\n"
    )
  })

  it('merge-multiple extracts every artifact into path itself', async () => {
    const run = await download({ [Inputs.Name]: 'dist,coverage', [Inputs.MergeMultiple]: 'true' })
    expect(run.code).toBe(0)
    expect(tree(out(run))).toEqual([
      'app.js',
      'bin/',
      'bin/run.sh',
      'html/',
      'html/index.html',
      'lcov.info'
    ])
  })

  it('extract: false keeps <name>.zip, byte for byte', async () => {
    const run = await download({ [Inputs.Name]: 'dist,coverage', [Inputs.Extract]: 'false' })
    expect(run.code).toBe(0)
    expect(tree(out(run))).toEqual(['coverage.zip', 'dist.zip'])
    expect(readFileSync(out(run, 'dist.zip')).equals(zips.get(seeds.distNew.id) as Buffer)).toBe(
      true
    )
  })

  it('saves a body that is not a zip as it is, under its name', async () => {
    const run = await download({ [Inputs.Name]: 'notes.txt' })
    expect(run.code).toBe(0)
    expect(read(out(run, 'notes.txt'))).toBe('not a zip, just text\n')
  })

  it('digest-mismatch: error fails the artifact and writes nothing of it', async () => {
    const run = await download({ [Inputs.Name]: 'tampered' })
    expect(run.code).not.toBe(0)
    expect(entries(run)[0].outcome).toBe('failed')
    expect(run.errors.join('\n')).toMatch(/digest.*digest-mismatch: warn/s)
    expect(tree(out(run))).toEqual([])
    expect(run.outputs[Outputs.FailedCount]).toBe('1')
  })

  it('digest-mismatch: warn keeps it with a warning, ignore keeps it silently', async () => {
    const warn = await download({ [Inputs.Name]: 'tampered', [Inputs.DigestMismatch]: 'warn' })
    expect(warn.code).toBe(0)
    expect(warn.warnings.join('\n')).toMatch(/SHA-256/)
    expect(read(out(warn, 'evil.txt'))).toBe('swapped\n')
    const ignore = await download({ [Inputs.Name]: 'tampered', [Inputs.DigestMismatch]: 'ignore' })
    expect(ignore.code).toBe(0)
    expect(ignore.warnings).toEqual([])
    expect(read(out(ignore, 'evil.txt'))).toBe('swapped\n')
  })

  it('410 is reported as expired, not a crash', async () => {
    const run = await download({ [Inputs.Name]: 'old-report', [Inputs.IncludeExpired]: 'true' })
    expect(run.code).toBe(0)
    expect(entries(run)[0].outcome).toBe('expired')
    expect(run.warnings.join('\n')).toMatch(/expired/)
    expect(emulator.requests.some((r) => r.status === 410)).toBe(true)
  })

  it('a signed URL refused (403) gets a fresh one', async () => {
    const remove = emulator.addHook(expireUrlOnce(() => (clockOffset += 2 * TTL)))
    try {
      const run = await download({ [Inputs.Name]: 'dist' })
      expect(run.code).toBe(0)
      expect(read(out(run, 'app.js'))).toBe("console.log('dist new')\n")
      const blobs = emulator.requests.filter((r) => r.kind === 'blob').map((r) => r.status)
      expect(blobs).toEqual([403, 200])
      expect(emulator.requests.filter((r) => r.path.endsWith('/zip')).length).toBe(2)
    } finally {
      remove()
    }
  })

  it('a transfer cut off while its URL expires is recovered with a fresh URL; no partial file stays', async () => {
    const remove = emulator.addHook(cutTransfer(100, { onCut: () => (clockOffset += 2 * TTL) }))
    try {
      const run = await download({ [Inputs.Name]: 'coverage', [Inputs.Extract]: 'false' })
      expect(run.code).toBe(0)
      expect(
        readFileSync(out(run, 'coverage.zip')).equals(zips.get(seeds.coverageNew.id) as Buffer)
      ).toBe(true)
      expect(tree(out(run))).toEqual(['coverage.zip'])
      const blobs = emulator.requests.filter((r) => r.kind === 'blob')
      expect(blobs.length).toBe(2)
      expect(blobs[0].query.sig).not.toBe(blobs[1].query.sig)
      // Retrying the first URL would not have worked: it has expired.
      const first = `${emulator.url}${blobs[0].path}?exp=${blobs[0].query.exp}&sig=${blobs[0].query.sig}`
      expect((await fetch(first)).status).toBe(403)
      expectClean(run)
    } finally {
      remove()
    }
  })
})

describe('hostile archives through dist/index.js', () => {
  const HOSTILE = 'octo-org/hostile'
  const escape = `ak-escape-${process.pid}-${Date.now()}`
  const cases = hostileArchives(escape)
  const run0 = runRef(201, 'main', 'e'.repeat(40))

  beforeAll(async () => {
    const seedsHere = Object.entries(cases).map(([name, zip]) => artifact(name, run0, 1, zip))
    seedsHere.push(artifact('control', run0, 1, await uploadArtifactZip({ 'fine.txt': 'fine' })))
    seedsHere.push(artifact('..', run0, 1, await uploadArtifactZip({ 'x.txt': 'x' })))
    seedsHere.push(artifact('a\\..\\..\\b', run0, 1, await uploadArtifactZip({ 'x.txt': 'x' })))
    emulator.addRepository(HOSTILE, seedsHere, { id: 201 })
  })

  it('refuses every hostile archive and artifact name; nothing is written outside the destination', async () => {
    const run = await download({}, HOSTILE)
    expect(run.code).not.toBe(0)
    const byName = new Map(entries(run).map((e) => [e.name, e]))
    for (const name of [...Object.keys(cases), '..', 'a\\..\\..\\b']) {
      expect([name, byName.get(name)?.outcome]).toEqual([name, 'failed'])
    }
    expect(byName.get('control')?.outcome).toBe('downloaded')
    expect(read(out(run, 'control', 'fine.txt'))).toBe('fine')
    // The whole temporary tree of the run: only the destination has files, and no escapee.
    const all = tree(dirname(run.workspace))
    expect(all.filter((p) => p.includes(escape))).toEqual([])
    expect(
      all.filter(
        (p) =>
          !p.startsWith('workspace/out/') && !p.endsWith('/') && !['output', 'summary'].includes(p)
      )
    ).toEqual([])
    expect(existsSync(join('/tmp', escape))).toBe(false)
    expect(existsSync(join(tmpdir(), escape))).toBe(false)
    // Nothing of the refused archives either: hostile archives are checked whole before writing.
    expect(tree(out(run)).filter((p) => !p.startsWith('control'))).toEqual([])
  })

  it('never writes through a symlink that already exists in the destination', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'ak-outside-'))
    madeDirs.push(outside)
    writeFileSync(join(outside, 'target.txt'), 'untouched')
    const dest = mkdtempSync(join(tmpdir(), 'ak-dest-'))
    madeDirs.push(dest)
    mkdirSync(join(dest, 'a'))
    symlinkSync(outside, join(dest, 'a', 'sub'))
    mkdirSync(join(dest, 'b'))
    symlinkSync(join(outside, 'target.txt'), join(dest, 'b', 'file.txt'))
    symlinkSync(outside, join(dest, 'c'))
    emulator.addArtifacts(HOSTILE, [
      artifact('a', run0, 1, await uploadArtifactZip({ 'sub/evil.txt': 'pwned' })),
      artifact('b', run0, 1, await uploadArtifactZip({ 'file.txt': 'pwned' })),
      artifact('c', run0, 1, await uploadArtifactZip({ 'evil.txt': 'pwned' }))
    ])
    const run = await download({ [Inputs.Name]: 'a,b,c', [Inputs.Path]: dest }, HOSTILE)
    expect(run.code).not.toBe(0)
    expect(entries(run).map((e) => e.outcome)).toEqual(['failed', 'failed', 'failed'])
    expect(tree(outside)).toEqual(['target.txt'])
    expect(read(join(outside, 'target.txt'))).toBe('untouched')
  })
})

describe('memory', () => {
  it('keeps the peak RSS flat while downloading a 200 MB artifact', async () => {
    const BIG = 'octo-org/big'
    emulator.addRepository(
      BIG,
      [
        largeArtifact({
          id: 77,
          name: 'big',
          size: 200 * 1024 * 1024,
          workflow_run: runRef(301, 'main', 'f'.repeat(40))
        })
      ],
      {
        id: 301
      }
    )
    const run = await download({ [Inputs.Name]: 'big' }, BIG, { measureRss: true })
    if (run.code !== 0)
      console.log('DEBUG', run.code, run.stderr.slice(-3000), run.stdout.slice(-3000))
    expect(run.errors).toEqual([])
    expect(run.code).toBe(0)
    expect(lstatSync(out(run, 'data.bin')).size).toBe(200 * 1024 * 1024)
    // A generous bound: Node and the bundle take 90-100 MB; the artifact must add little (a
    // buffered body would add 200 MB). Seen 112-160 MB, depending on when the collector runs.
    console.log(`peak RSS downloading 200 MB: ${((run.maxRssBytes ?? 0) / 2 ** 20).toFixed(0)} MiB`)
    expect(run.maxRssBytes).toBeLessThan(200 * 1024 * 1024)
  })
})
