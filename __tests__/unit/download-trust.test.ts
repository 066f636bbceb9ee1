import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { artifact } from '../../__fixtures__/artifacts.js'
import { CoreRecorder } from '../../__fixtures__/core.js'
import { FakeClock } from '../../__fixtures__/fake-clock.js'
import { isPlainFileName, planLayout } from '../../src/download/layout.js'
import { isGitSegment, isPositiveId } from '../../src/download/names.js'
import { Progress } from '../../src/progress.js'
import { formatRate } from '../../src/units.js'
import { Promoter } from '../../src/download/promote.js'
import { SpaceLedger } from '../../src/download/space.js'
import { DEFAULT_TRANSFER_TUNING, readTransferTuning } from '../../src/download/tuning.js'

describe('isGitSegment', () => {
  it.each([
    '.git',
    '.GIT',
    '.Git',
    'GIT~1',
    'git~1',
    '.git.',
    '.git ',
    '.git. .',
    '.g\u200cit',
    '\ufeff.git'
  ])('recognises %j as .git', (name) => expect(isGitSegment(name)).toBe(true))
  it.each(['git', '.github', '.gitignore', 'GIT~2', 'my.git', '.git-cache', 'x.git'])(
    'lets %j through',
    (name) => expect(isGitSegment(name)).toBe(false)
  )
  it('artifact names that are .git are not plain file names', () => {
    expect(isPlainFileName('.GIT')).toBe(false)
    expect(isPlainFileName('.github')).toBe(true)
  })
})

describe('isPositiveId', () => {
  it.each([1, 123, Number.MAX_SAFE_INTEGER])('accepts %p', (id) =>
    expect(isPositiveId(id)).toBe(true)
  )
  it.each([0, -1, 1.5, 2 ** 60, NaN, Infinity, '12', '../x', null, undefined])('refuses %p', (id) =>
    expect(isPositiveId(id)).toBe(false)
  )
})

describe('planLayout: one destination, one artifact', () => {
  const plan = (list: ReturnType<typeof artifact>[], o = {}): Record<number, string> =>
    Object.fromEntries(
      [...planLayout(list, '/dl', { mergeMultiple: false, singleExactName: false, ...o })].map(
        ([id, p]) => [id, p.base]
      )
    )
  it('foo-123 beside foo id 123 gets its own place', () => {
    const list = [
      artifact(200, { name: 'foo-123' }),
      artifact(124, { name: 'foo' }),
      artifact(123, { name: 'foo' })
    ]
    expect(plan(list)).toEqual({ 123: 'foo-123', 124: 'foo-124', 200: 'foo-123-200' })
  })
  it('extract: false keeps x (x.zip) and x.zip apart', () => {
    const list = [artifact(2, { name: 'x.zip' }), artifact(1, { name: 'x' })]
    const bases = plan(list, { extract: false })
    expect(new Set([bases[1], bases[2], `${bases[1]}.zip`, `${bases[2]}.zip`]).size).toBe(4)
    expect(bases[2]).toBe('x.zip')
  })
  it('names that differ only in case get places of their own (macOS and Windows)', () => {
    const bases = plan([artifact(2, { name: 'Dist' }), artifact(1, { name: 'dist' })])
    expect(bases).toEqual({ 1: 'dist-1', 2: 'Dist-2' })
  })
})

describe('formatRate and the byte progress line', () => {
  it('never shows a fraction of a byte', () => {
    expect(formatRate(0.49509852460639664)).toBe('0 B/s')
    expect(formatRate(512.7)).toBe('513 B/s')
    expect(formatRate(1_234_567)).toBe('1.2 MB/s')
    expect(formatRate(NaN)).toBe('0 B/s')
  })
  it('gives no ETA while nothing arrives, and one when bytes flow', () => {
    const clock = new FakeClock()
    const log = new CoreRecorder()
    const progress = new Progress('Downloaded', 2, log, clock, 10_000, 10_000_000)
    clock.advance(10_000)
    progress.maybeLog()
    expect(log.infos.at(-1)).toBe(
      'Downloaded 0/2 artifacts, 0 B of 10.0 MB, 0 B/s, ETA unknown (no bytes arriving)'
    )
    clock.advance(10_000)
    progress.add(1_000_000)
    expect(log.infos.at(-1)).toBe(
      'Downloaded 0/2 artifacts, 1.0 MB of 10.0 MB, 100 kB/s, ETA 1m 30s'
    )
    clock.advance(10_000)
    progress.add(0)
    expect(log.infos.at(-1)).toMatch(/, 0 B\/s, ETA unknown/)
  })
})

describe('readTransferTuning', () => {
  it('reads the variables, keeps defaults for the others', () => {
    expect(readTransferTuning({ ARTIFACT_KEEPER_BLOB_STALL_MS: '500' })).toEqual({
      ...DEFAULT_TRANSFER_TUNING,
      stallMs: 500
    })
  })
  it('names a bad value', () => {
    expect(() => readTransferTuning({ ARTIFACT_KEEPER_BLOB_HEADERS_TIMEOUT_MS: '0' })).toThrow(
      /ARTIFACT_KEEPER_BLOB_HEADERS_TIMEOUT_MS has an invalid value '0'/
    )
    expect(() => readTransferTuning({ ARTIFACT_KEEPER_FREE_SPACE_BYTES: '1e9' })).toThrow(/bytes/)
  })
})

describe('SpaceLedger', () => {
  it('counts what the others reserved, and what finished artifacts used', async () => {
    const ledger = new SpaceLedger('/dl', 100)
    const a = await ledger.reserve(60, 'a')
    await expect(ledger.reserve(50, 'b')).rejects.toThrow(
      /b needs 50 B, and \/dl has 100 B free, less 60 B taken by the artifacts being written at the same time/
    )
    a(true)
    await expect(ledger.reserve(50, 'c')).rejects.toThrow(/has 40 B free\./)
    const d = await ledger.reserve(40, 'd')
    d(false)
    await ledger.reserve(40, 'e')
  })
})

describe('Promoter', () => {
  let dir: string
  let root: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ak-promote-'))
    root = join(dir, 'dest')
    mkdirSync(root)
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  function staged(name: string, files: Record<string, string>): string {
    const d = join(dir, name)
    for (const [p, t] of Object.entries(files)) {
      mkdirSync(join(d, p, '..'), { recursive: true })
      writeFileSync(join(d, p), t)
    }
    mkdirSync(d, { recursive: true })
    return d
  }
  const aside = (name: string): string => {
    const d = join(dir, `aside-${name}`)
    mkdirSync(d)
    return d
  }

  it('the newest artifact wins whatever the order, and files already there are replaced', async () => {
    writeFileSync(join(root, 'shared.txt'), 'before')
    const p = new Promoter(root)
    await p.promoteTree(staged('old', { 'shared.txt': 'old', 'o.txt': 'o' }), [], 1, aside('old'))
    await p.promoteTree(staged('new', { 'shared.txt': 'new' }), [], 0, aside('new'))
    await p.promoteTree(staged('older', { 'shared.txt': 'older' }), [], 2, aside('older'))
    expect(readFileSync(join(root, 'shared.txt'), 'utf8')).toBe('new')
    expect(readdirSync(root).sort()).toEqual(['o.txt', 'shared.txt'])
  })

  it('checks every path before moving anything: a symlink on the way changes nothing', async () => {
    writeFileSync(join(root, 'a.txt'), 'mine')
    symlinkSync(dir, join(root, 'link'))
    const p = new Promoter(root)
    await expect(
      p.promoteTree(staged('s', { 'a.txt': 'theirs', 'link/x.txt': 'x' }), [], 0, aside('s'))
    ).rejects.toThrow(/symbolic link/)
    expect(readFileSync(join(root, 'a.txt'), 'utf8')).toBe('mine')
    expect(readdirSync(root).sort()).toEqual(['a.txt', 'link'])
  })

  it('never promotes into the staging directory', async () => {
    const p = new Promoter(root, '.artifact-keeper-abc')
    await expect(
      p.promoteTree(staged('s', { '.artifact-keeper-abc/x': 'x' }), [], 0, aside('s'))
    ).rejects.toThrow(/staging directory/)
  })
})
