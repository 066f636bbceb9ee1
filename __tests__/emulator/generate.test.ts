import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  createZip,
  generateArtifacts,
  readZipDirectory,
  readZipEntry,
  type SeedArtifact
} from '../../emulator/index.js'
import { DAY, NOW } from './helpers.js'

const body = (a: SeedArtifact): Buffer =>
  typeof a.content === 'function' ? a.content() : a.content
const sha = (b: Buffer): string => 'sha256:' + createHash('sha256').update(b).digest('hex')
const meta = (a: SeedArtifact): Omit<SeedArtifact, 'content'> => {
  const { content: _content, ...rest } = a
  void _content
  return rest
}

function hasUnzip(): boolean {
  try {
    execFileSync('unzip', ['-v'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

describe('generateArtifacts', () => {
  const big = generateArtifacts({ seed: 2024, count: 2500, now: NOW, repositoryId: 555 })

  it('is deterministic for a seed and differs between seeds', () => {
    const again = generateArtifacts({ seed: 2024, count: 2500, now: NOW, repositoryId: 555 })
    expect(again.map(meta)).toEqual(big.map(meta))
    for (const i of [0, 1234, 2499]) expect(body(again[i]).equals(body(big[i]))).toBe(true)
    const other = generateArtifacts({ seed: 2025, count: 2500, now: NOW, repositoryId: 555 })
    expect(other.map((a) => a.digest)).not.toEqual(big.map((a) => a.digest))
  })

  it('makes exactly count artifacts with unique ids, in runs of 1 to 6 distinct names', () => {
    expect(big).toHaveLength(2500)
    expect(new Set(big.map((a) => a.id)).size).toBe(2500)
    const runs = new Map<number, SeedArtifact[]>()
    for (const a of big) runs.set(a.workflow_run.id, [...(runs.get(a.workflow_run.id) ?? []), a])
    expect(runs.size).toBeGreaterThan(300)
    for (const list of runs.values()) {
      expect(list.length).toBeGreaterThanOrEqual(1)
      expect(list.length).toBeLessThanOrEqual(6)
      expect(new Set(list.map((a) => a.name)).size).toBe(list.length)
      // one run: one commit, one branch
      expect(new Set(list.map((a) => a.workflow_run.head_sha)).size).toBe(1)
      expect(new Set(list.map((a) => a.workflow_run.head_branch)).size).toBe(1)
    }
    for (const n of [1, 2, 7, 13]) {
      expect(generateArtifacts({ seed: n, count: n, now: NOW })).toHaveLength(n)
    }
    expect(generateArtifacts({ seed: 1, count: 0, now: NOW })).toEqual([])
  })

  it('looks like a real repository', () => {
    const names = new Set(big.map((a) => a.name))
    for (const n of [
      'build-linux',
      'build-windows',
      'test-results',
      'coverage',
      'playwright-report',
      'dist',
      'logs-1',
      'logs-2'
    ]) {
      expect(names).toContain(n)
    }
    const branches = big.map((a) => a.workflow_run.head_branch)
    const main = branches.filter((b) => b === 'main').length
    expect(main / big.length).toBeGreaterThan(0.35)
    expect(branches.some((b) => b.startsWith('dependabot/'))).toBe(true)
    expect(new Set(branches).size).toBeGreaterThan(10)
    const forks = big.filter((a) => a.workflow_run.head_repository_id !== 555)
    expect(forks.length).toBeGreaterThan(0)
    expect(forks.length / big.length).toBeLessThan(0.15)
    expect(big.every((a) => a.workflow_run.repository_id === 555)).toBe(true)
    // some commits were built more than once (re-runs)
    const shas = new Set(big.map((a) => a.workflow_run.head_sha))
    expect(shas.size).toBeLessThan(new Set(big.map((a) => a.workflow_run.id)).size)
    // ids grow with time, like GitHub's; some artifacts share a created_at second
    const byTime = [...big].sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at))
    expect(byTime.map((a) => a.id)).toEqual([...byTime.map((a) => a.id)].sort((a, b) => a - b))
    expect(new Set(big.map((a) => a.created_at)).size).toBeLessThan(big.length)
    const bad = (check: (a: SeedArtifact) => boolean): number[] =>
      big.filter((a) => !check(a)).map((a) => a.id)
    expect(bad((a) => /^[0-9a-f]{40}$/.test(a.workflow_run.head_sha))).toEqual([])
    expect(bad((a) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(a.created_at))).toEqual([])
    const created = (a: SeedArtifact): number => Date.parse(a.created_at)
    const expires = (a: SeedArtifact): number => Date.parse(a.expires_at)
    expect(bad((a) => created(a) < NOW && created(a) > NOW - 121 * DAY)).toEqual([])
    expect(bad((a) => expires(a) - created(a) >= DAY)).toEqual([])
    expect(bad((a) => expires(a) - created(a) <= 90 * DAY)).toEqual([])
    expect(bad((a) => a.expired === expires(a) < NOW)).toEqual([])
    expect(bad((a) => (a.size_in_bytes ?? 0) > 500 && (a.size_in_bytes ?? 0) < 2000000)).toEqual([])
    expect(bad((a) => /^sha256:[0-9a-f]{64}$/.test(a.digest ?? ''))).toEqual([])
    const expired = big.filter((a) => a.expired).length / big.length
    expect(expired).toBeGreaterThan(0.1)
    expect(expired).toBeLessThan(0.3)
    const sizes = big.map((a) => a.size_in_bytes ?? 0).sort((x, y) => x - y)
    expect(sizes[0]).toBeLessThan(10000)
    expect(sizes[sizes.length - 1]).toBeGreaterThan(200000)
  })

  it('gives true sizes and digests, and real zips shaped like upload-artifact’s', () => {
    for (let i = 0; i < big.length; i += 50) {
      const a = big[i]
      const b = body(a)
      expect(b.length).toBe(a.size_in_bytes)
      expect(sha(b)).toBe(a.digest)
      const entries = readZipDirectory(b)
      expect(entries.length).toBeGreaterThanOrEqual(2)
      expect(entries.map((e) => e.name)).toContain('build-info.json')
      for (const e of entries) {
        expect(e.method).toBe(8) // deflated
        expect(e.flags & 0x0008).toBe(0x0008) // sizes in a data descriptor
        expect(e.versionMadeBy >> 8).toBe(3) // made on Unix
        expect(readZipEntry(b, e).length).toBe(e.size)
      }
      const info = JSON.parse(
        readZipEntry(
          b,
          entries.find((e) => e.name === 'build-info.json') as (typeof entries)[0]
        ).toString()
      ) as { run_id: number; sha: string }
      expect(info.run_id).toBe(a.workflow_run.id)
      expect(info.sha).toBe(a.workflow_run.head_sha)
    }
  })

  ;(hasUnzip() ? it : it.skip)('makes archives that Info-ZIP unzip -t accepts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'emu-zip-'))
    try {
      for (const i of [0, 500, 1500, 2499]) {
        const file = join(dir, `${i}.zip`)
        writeFileSync(file, body(big[i]))
        expect(execFileSync('unzip', ['-t', file]).toString()).toContain('No errors detected')
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('honors names, branches, runs, expiredFraction and forkFraction', () => {
    const a = generateArtifacts({
      seed: 3,
      count: 300,
      now: NOW,
      names: ['x', 'y', 'z'],
      branches: ['trunk', 'dev'],
      runs: 120,
      expiredFraction: 0,
      forkFraction: 0
    })
    expect(a).toHaveLength(300)
    expect(new Set(a.map((x) => x.name))).toEqual(new Set(['x', 'y', 'z']))
    expect(new Set(a.map((x) => x.workflow_run.head_branch))).toEqual(new Set(['trunk', 'dev']))
    expect(new Set(a.map((x) => x.workflow_run.id)).size).toBe(120)
    expect(a.some((x) => x.expired)).toBe(false)
    expect(a.every((x) => x.workflow_run.head_repository_id === x.workflow_run.repository_id)).toBe(
      true
    )
    const all = generateArtifacts({
      seed: 3,
      count: 100,
      now: NOW,
      expiredFraction: 1,
      forkFraction: 1
    })
    expect(all.every((x) => x.expired)).toBe(true)
    expect(
      all.every((x) => x.workflow_run.head_repository_id !== x.workflow_run.repository_id)
    ).toBe(true)
    // more artifacts than runs can hold: more runs are made
    const packed = generateArtifacts({ seed: 4, count: 50, now: NOW, names: ['only'], runs: 5 })
    expect(packed).toHaveLength(50)
    expect(new Set(packed.map((x) => x.workflow_run.id)).size).toBe(50)
  })
})

describe('zip reader', () => {
  const zip = createZip([
    { name: 'a.txt', data: Buffer.from('alpha '.repeat(1000)) },
    { name: 'dir/b.txt', data: Buffer.from('beta') }
  ])

  it('reads back what the writer wrote', () => {
    const entries = readZipDirectory(zip)
    expect(entries.map((e) => [e.name, e.size])).toEqual([
      ['a.txt', 6000],
      ['dir/b.txt', 4]
    ])
    expect(readZipEntry(zip, entries[1]).toString()).toBe('beta')
  })

  it('rejects truncated and corrupted archives', () => {
    expect(() => readZipDirectory(Buffer.from('not a zip at all, just some text'))).toThrow()
    expect(() => readZipDirectory(zip.subarray(0, zip.length - 10))).toThrow()
    const corrupt = Buffer.from(zip)
    const [first] = readZipDirectory(corrupt)
    corrupt[first.dataOffset + 5] ^= 0xff
    expect(() => readZipEntry(corrupt, first)).toThrow()
  })
})
