/**
 * A deterministic generator of a realistic repository's artifacts: many workflow runs with 1-6
 * artifacts each (build-linux, test-results, coverage, playwright-report, logs-<n>, ...), on main,
 * feature, release and dependabot branches, some from forks, created over the last ~120 days with
 * retention up to 90 days (some expired). Every artifact's content is a real zip shaped like
 * actions/upload-artifact v4 makes them; size_in_bytes and digest are the true ones.
 *
 * Speed and memory: file bodies come from a pool deflated once; each archive is a list of parts
 * (its own headers and a small unique file, plus shared pool data) hashed at generation time and
 * concatenated only when served (lazy content).
 */
import { createHash } from 'node:crypto'
import { createRng, type Rng } from './prng.js'
import type { SeedArtifact, SeedPullRequest, SeedRun, SeedWorkflow } from './types.js'
import { prepareEntry, zipParts, type PreparedEntry, type ZipPartEntry } from './zip.js'

export interface GenerateOptions {
  seed: number
  /** how many artifacts */
  count: number
  /** workflow_run.repository_id (and the emulator repository's default id) */
  repositoryId?: number
  /** ms since epoch the history ends at; default Date.now() (pass it for identical output) */
  now?: number
  /** branch names; the first is the dominant one. Default: main, feature, release, dependabot */
  branches?: string[]
  /** artifact names to use (each run takes 1-6 distinct ones). Default: realistic CI names */
  names?: string[]
  /** share of artifacts already expired (default 0.2) */
  expiredFraction?: number
  /** share of runs from forks: head_repository_id != repository_id (default 0.05) */
  forkFraction?: number
  /** number of workflow runs (default: as many as 1-6 artifacts per run make) */
  runs?: number
  /**
   * generateRepository: total number of workflow runs, adding runs without artifacts (lint,
   * skipped and early-failed runs) between the others when there are fewer
   */
  totalRuns?: number
}

/** A generated repository: artifacts, and the workflows, runs and pull requests behind them. */
export interface GeneratedRepository {
  artifacts: SeedArtifact[]
  workflows: SeedWorkflow[]
  /** newest first (id desc) */
  runs: SeedRun[]
  pulls: SeedPullRequest[]
}

const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
const HISTORY_DAYS = 120

type Kind = 'log' | 'junit' | 'lcov' | 'json' | 'js' | 'html' | 'bin'

const TEXT_SIZES = [2048, 8192, 32768, 131072, 524288]
const TEXT_WEIGHTS = [30, 30, 20, 13, 7]
const BIN_SIZES = [4096, 24576, 98304, 262144]
const BIN_WEIGHTS = [35, 35, 20, 10]

const MODULES = [
  'auth',
  'api',
  'cache',
  'cli',
  'config',
  'db',
  'http',
  'logger',
  'parser',
  'queue',
  'router',
  'store',
  'utils',
  'worker',
  'archive',
  'session',
  'metrics',
  'billing'
]
const VERBS = ['parses', 'rejects', 'retries', 'returns', 'caches', 'streams', 'handles', 'skips']
const OBJECTS = [
  'empty input',
  'a missing token',
  'unicode names',
  'large payloads',
  'concurrent writes',
  'a 404 response',
  'expired entries',
  'nested paths'
]
const PACKAGES = ['typescript', 'eslint', 'jest', 'undici', '@types/node', 'prettier', 'vite']

// ---- file bodies -------------------------------------------------------------------------------

function fill(target: number, line: () => string, head = '', tail = ''): Buffer {
  const lines: string[] = [head]
  let length = head.length + tail.length
  while (length < target) {
    const l = line()
    lines.push(l)
    length += l.length + 1
  }
  const text = (lines.join('\n') + tail).slice(0, Math.max(target, head.length + tail.length))
  return Buffer.from(text, 'utf8')
}

function makeBody(kind: Kind, size: number, rng: Rng): Buffer {
  let clock = Date.UTC(2025, 0, 6, 9, 30, 0)
  const ts = (): string => {
    clock += rng.int(0, 900)
    return new Date(clock).toISOString().replace('Z', `${rng.int(1000, 9999)}Z`)
  }
  const mod = (): string => rng.pick(MODULES)
  switch (kind) {
    case 'log':
      return fill(size, () => {
        const r = rng.next()
        if (r < 0.05)
          return `${ts()} ##[group]Run ${rng.pick(['npm ci', 'npm test', 'npm run build', 'actions/checkout@v4', 'actions/setup-node@v4'])}`
        if (r < 0.1) return `${ts()} ##[endgroup]`
        if (r < 0.25)
          return `${ts()} PASS src/${mod()}/${mod()}.test.ts (${rng.int(1, 9)}.${rng.int(100, 999)} s)`
        if (r < 0.3)
          return `${ts()} npm warn deprecated ${rng.pick(PACKAGES)}@${rng.int(1, 9)}.${rng.int(0, 20)}.${rng.int(0, 9)}: no longer supported`
        if (r < 0.4)
          return `${ts()} [debug] ${mod()}: cache key ${rng.hex(16)} ${rng.pick(['hit', 'miss'])}`
        return `${ts()} [${rng.pick(['info', 'info', 'info', 'warn'])}] ${mod()}: ${rng.pick(VERBS)} ${rng.pick(OBJECTS)} in ${rng.int(1, 2000)}ms (req ${rng.hex(8)})`
      })
    case 'junit':
      return fill(
        size,
        () =>
          `    <testcase classname="${mod()} ${mod()}" name="${rng.pick(VERBS)} ${rng.pick(OBJECTS)}" time="${(rng.int(1, 4000) / 1000).toFixed(3)}"${rng.chance(0.02) ? `><failure message="expected ${rng.int(0, 9)} to be ${rng.int(0, 9)}"/></testcase>` : '/>'}`,
        '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="jest tests">\n  <testsuite name="suite">',
        '\n  </testsuite>\n</testsuites>\n'
      )
    case 'lcov':
      return fill(size, () => {
        const lines: string[] = [`SF:src/${mod()}/${mod()}.ts`]
        const n = rng.int(3, 12)
        for (let i = 1; i <= n; i++) lines.push(`DA:${i * rng.int(1, 4)},${rng.int(0, 40)}`)
        lines.push(`LF:${n}`, `LH:${rng.int(0, n)}`, 'end_of_record')
        return lines.join('\n')
      })
    case 'json':
      return fill(
        size,
        () =>
          `  "src/${mod()}/${mod()}.ts": {"lines":{"total":${rng.int(10, 900)},"covered":${rng.int(0, 900)},"pct":${rng.int(0, 100)}.${rng.int(0, 99)}},"functions":{"total":${rng.int(1, 90)},"covered":${rng.int(0, 90)}},"hash":"${rng.hex(12)}"},`,
        '{\n  "total": {"lines": {"pct": 87.5}},',
        '\n  "end": true\n}\n'
      )
    case 'js':
      return fill(
        size,
        () =>
          `var ${mod()}_${rng.hex(4)}=function(e,t){"use strict";return e.${rng.pick(VERBS)}(t,"${rng.hex(10)}")||${rng.int(0, 999)}};`,
        '/*! bundled */\n'
      )
    case 'html':
      return fill(
        size,
        () =>
          `<tr class="${rng.pick(['passed', 'passed', 'passed', 'flaky', 'failed'])}"><td>${mod()} ${rng.pick(VERBS)} ${rng.pick(OBJECTS)}</td><td>${rng.int(5, 9000)}ms</td><td><a href="data/${rng.hex(40)}.png">trace</a></td></tr>`,
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>Report</title></head><body><table>',
        '\n</table></body></html>\n'
      )
    case 'bin': {
      const buf = rng.bytes(size)
      buf.write('\x7fELF', 0, 'latin1')
      return buf
    }
  }
}

let pool: Map<Kind, PreparedEntry[]> | undefined

/** File bodies of every kind and size class, deflated once and shared by all archives. */
function bodyPool(): Map<Kind, PreparedEntry[]> {
  if (pool) return pool
  const rng = createRng(0x5eed5)
  pool = new Map()
  for (const kind of ['log', 'junit', 'lcov', 'json', 'js', 'html', 'bin'] as Kind[]) {
    const sizes = kind === 'bin' ? BIN_SIZES : TEXT_SIZES
    pool.set(
      kind,
      sizes.map((size) => prepareEntry(makeBody(kind, size, rng)))
    )
  }
  return pool
}

function pooled(kind: Kind, rng: Rng): PreparedEntry {
  const entries = bodyPool().get(kind) as PreparedEntry[]
  const weights = kind === 'bin' ? BIN_WEIGHTS : TEXT_WEIGHTS
  return entries[rng.weighted(weights.map((w, i) => [i, w] as const))]
}

/** A small file deflated with a small window (cheap to set up; any inflater reads it). */
function small(text: string): PreparedEntry {
  return prepareEntry(Buffer.from(text, 'utf8'), 6, { windowBits: 9, memLevel: 2 })
}

// ---- artifacts ---------------------------------------------------------------------------------

interface FileSpec {
  path: string
  kind: Kind
}

/** What an artifact of a given name contains. */
function filesFor(name: string, rng: Rng): FileSpec[] {
  const base = name.replace(/-\d+$/, '')
  switch (base) {
    case 'build-linux':
    case 'build-macos':
      return [
        { path: 'bin/app', kind: 'bin' },
        { path: 'build.log', kind: 'log' }
      ]
    case 'build-windows':
      return [
        { path: 'bin/app.exe', kind: 'bin' },
        { path: 'build.log', kind: 'log' }
      ]
    case 'dist':
      return [
        { path: 'index.js', kind: 'js' },
        { path: 'index.js.map', kind: 'json' },
        { path: 'licenses.txt', kind: 'log' }
      ]
    case 'test-results':
    case 'test-results-e2e':
      return [
        { path: 'junit.xml', kind: 'junit' },
        { path: 'output.log', kind: 'log' }
      ]
    case 'coverage':
      return [
        { path: 'lcov.info', kind: 'lcov' },
        { path: 'coverage-summary.json', kind: 'json' },
        { path: 'lcov-report/index.html', kind: 'html' }
      ]
    case 'playwright-report':
      return [
        { path: 'index.html', kind: 'html' },
        { path: `data/${rng.hex(40)}.png`, kind: 'bin' },
        { path: `data/${rng.hex(40)}.zip`, kind: 'bin' }
      ]
    case 'screenshots':
      return [{ path: `${rng.pick(MODULES)}-failure.png`, kind: 'bin' }]
    case 'logs': {
      const files: FileSpec[] = [{ path: 'runner-diag.log', kind: 'log' }]
      for (let i = 1, n = rng.int(1, 3); i <= n; i++) {
        files.push({ path: `steps/${i}_${rng.pick(MODULES)}.log`, kind: 'log' })
      }
      return files
    }
    case 'benchmark-results':
      return [
        { path: 'results.json', kind: 'json' },
        { path: 'bench.log', kind: 'log' }
      ]
    case 'docs':
      return [
        { path: 'index.html', kind: 'html' },
        { path: 'search-index.json', kind: 'json' },
        { path: 'assets/main.js', kind: 'js' }
      ]
    case 'sbom':
      return [{ path: 'sbom.spdx.json', kind: 'json' }]
    default:
      return [
        { path: `${base}.log`, kind: 'log' },
        { path: 'data.json', kind: 'json' }
      ]
  }
}

const WORKFLOWS: (readonly [string[], number])[] = [
  [['build-linux', 'build-windows', 'build-macos', 'test-results', 'coverage', 'dist'], 50],
  [['playwright-report', 'test-results-e2e', 'screenshots'], 14],
  [['logs-1', 'logs-2', 'logs-3', 'logs-4', 'logs-5', 'logs-6'], 12],
  [['benchmark-results', 'logs-1'], 8],
  [['docs', 'sbom'], 6],
  [['dist', 'sbom', 'build-linux', 'build-windows', 'build-macos', 'checksums'], 10]
]
const RUN_SIZE_WEIGHTS = [20, 20, 20, 15, 13, 12]

interface Run {
  pool: string[]
  time: number
  expired: boolean
  names: string[]
  id: number
  fork?: number
  branch: string
  sha: string
}

/** k distinct names of a pool, in the pool's order (logs-<n> always from logs-1 up). */
function chooseNames(rng: Rng, pool: string[], k: number): string[] {
  if (pool[0] === 'logs-1' && pool[1] === 'logs-2') return pool.slice(0, k)
  const chosen = new Set<number>()
  while (chosen.size < k) chosen.add(rng.int(0, pool.length - 1))
  return [...chosen].sort((a, b) => a - b).map((i) => pool[i])
}

/**
 * Each run's name pool and artifact count: 1-6 per run, summing to count. With a number of runs
 * asked for, sizes are evened out to reach count (more runs are made if count needs them).
 */
function planRuns(
  rng: Rng,
  count: number,
  runs: number | undefined,
  names: string[] | undefined
): { pool: string[]; size: number }[] {
  const pickPool = (): string[] => names ?? rng.weighted(WORKFLOWS)
  const draw = (max: number): number =>
    rng.weighted(RUN_SIZE_WEIGHTS.slice(0, max).map((w, i) => [i + 1, w] as const))
  const plan: { pool: string[]; size: number }[] = []
  if (runs === undefined) {
    let total = 0
    while (total < count) {
      const pool = pickPool()
      const size = Math.min(draw(Math.min(6, pool.length)), count - total)
      plan.push({ pool, size })
      total += size
    }
    return plan
  }
  const widest = names ?? WORKFLOWS[0][0]
  const max = Math.min(6, widest.length)
  const n = Math.min(count, Math.max(1, Math.floor(runs), Math.ceil(count / max)))
  for (let i = 0; i < n; i++) {
    const pool = pickPool()
    plan.push({ pool, size: draw(Math.min(6, pool.length)) })
  }
  const cap = (p: { pool: string[] }): number => Math.min(6, p.pool.length)
  let capacity = plan.reduce((sum, p) => sum + cap(p), 0)
  while (capacity < count) {
    const p = plan.find((q) => cap(q) < max) as { pool: string[]; size: number }
    capacity += max - cap(p)
    p.pool = widest
  }
  let total = plan.reduce((sum, p) => sum + p.size, 0)
  while (total !== count) {
    const p = plan[rng.int(0, n - 1)]
    if (total > count && p.size > 1) {
      p.size--
      total--
    } else if (total < count && p.size < cap(p)) {
      p.size++
      total++
    }
  }
  return plan
}

function defaultBranches(rng: Rng): (readonly [string, number])[] {
  const features = [
    'feat/login-form',
    'feat/dark-mode',
    'feat/export-csv',
    'fix/flaky-upload-test',
    'fix/windows-paths',
    'fix/retry-on-502',
    'chore/ci-cache',
    'refactor/api-client',
    'docs/readme',
    'perf/lazy-loading',
    'feature/search',
    'experiment/node-24'
  ]
  const dependabot = PACKAGES.map(
    (p) => `dependabot/npm_and_yarn/${p}-${rng.int(1, 9)}.${rng.int(0, 30)}.${rng.int(0, 9)}`
  )
  return [
    ['main', 55 * features.length],
    ...features.map((b) => [b, 28] as const),
    ...dependabot.map((b) => [b, (12 * features.length) / dependabot.length] as const),
    ['release/v1.x', 3 * features.length],
    ['release/v2.x', 2 * features.length]
  ]
}

function retention(rng: Rng, age: number, expired: boolean): number {
  if (expired) {
    if (age > 90 * DAY + HOUR && rng.chance(0.85)) return 90
    const short = [1, 3, 7, 14, 30].filter((d) => d * DAY < age - HOUR)
    return short.length > 0 ? rng.pick(short) : 1
  }
  const options = (
    [
      [90, 80],
      [30, 8],
      [14, 7],
      [7, 5]
    ] as const
  ).filter(([d]) => d * DAY > age + HOUR)
  return rng.weighted(options)
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

export function generateArtifacts(opts: GenerateOptions): SeedArtifact[] {
  return generate(opts).artifacts
}

/**
 * generateArtifacts plus the workflow runs the artifacts belong to (workflow, event, status,
 * conclusion, pull requests), the workflows and the pull requests. The artifacts are exactly
 * generateArtifacts' (the run details come from a second random stream).
 */
export function generateRepository(opts: GenerateOptions): GeneratedRepository {
  const { artifacts, runs, repositoryId, branchWeights, now } = generate(opts)
  return describeRuns(
    opts.seed,
    runs,
    repositoryId,
    branchWeights,
    now,
    opts.totalRuns ?? 0,
    artifacts
  )
}

function generate(opts: GenerateOptions): {
  artifacts: SeedArtifact[]
  runs: Run[]
  repositoryId: number
  branchWeights: (readonly [string, number])[]
  now: number
} {
  const rng = createRng(opts.seed)
  const count = Math.max(0, Math.floor(opts.count))
  if (count === 0) return { artifacts: [], runs: [], repositoryId: 0, branchWeights: [], now: 0 }
  const now = Math.floor((opts.now ?? Date.now()) / SECOND) * SECOND
  const repositoryId = opts.repositoryId ?? rng.int(100000000, 900000000)
  const expiredFraction = Math.min(1, Math.max(0, opts.expiredFraction ?? 0.2))
  const forkFraction = Math.min(1, Math.max(0, opts.forkFraction ?? 0.05))
  const names = opts.names && opts.names.length > 0 ? [...new Set(opts.names)] : undefined
  const branchWeights: (readonly [string, number])[] =
    opts.branches && opts.branches.length > 0
      ? opts.branches.map((b, i, all) => [b, i === 0 && all.length > 1 ? all.length - 1 : 1])
      : defaultBranches(rng)
  const forks = Array.from({ length: 4 }, (_, i) => repositoryId + 1000 + i * 7919)
  const forkBranches = ['main', 'patch-1', 'fix-typo', 'feature/improve-docs', 'dev']

  // runs: when, expired or not, which artifacts
  const runs: Run[] = planRuns(rng, count, opts.runs, names).map(({ pool, size }) => {
    const expired = rng.chance(expiredFraction)
    const time = expired
      ? rng.chance(0.7)
        ? now - rng.int(90 * DAY, HISTORY_DAYS * DAY)
        : now - rng.int(2 * DAY, 90 * DAY)
      : now - rng.int(2 * HOUR, 88 * DAY)
    return {
      pool,
      time: Math.floor(time / SECOND) * SECOND,
      expired,
      names: chooseNames(rng, pool, size),
      id: 0,
      branch: '',
      sha: ''
    }
  })
  runs.sort((a, b) => a.time - b.time)

  // run ids, branches and commits in time order (a re-run keeps its branch's commit)
  let runId = 9000000000 + rng.int(0, 999999999)
  const heads = new Map<string, string>()
  for (const run of runs) {
    runId += rng.int(20, 5000)
    run.id = runId
    if (rng.chance(forkFraction)) {
      run.fork = rng.pick(forks)
      run.branch = rng.pick(forkBranches)
      run.sha = rng.hex(40)
      continue
    }
    run.branch = rng.weighted(branchWeights)
    const head = heads.get(run.branch)
    run.sha = head !== undefined && rng.chance(0.25) ? head : rng.hex(40)
    heads.set(run.branch, run.sha)
  }

  // artifacts: a few minutes into their run, now and then in the same second as the one before
  interface Draft {
    run: Run
    name: string
    created: number
    expires: number
  }
  const drafts: Draft[] = []
  for (const run of runs) {
    let t = run.time + rng.int(MINUTE, 20 * MINUTE)
    for (const name of run.names) {
      const created = Math.floor(t / SECOND) * SECOND
      const days = retention(rng, now - created, run.expired)
      drafts.push({ run, name, created, expires: created + days * DAY })
      if (!rng.chance(0.15)) t += rng.int(SECOND, 5 * MINUTE)
    }
  }
  drafts.sort((a, b) => a.created - b.created)

  let artifactId = 3000000000 + rng.int(0, 900000000)
  const artifacts = drafts.map((d): SeedArtifact => {
    artifactId += rng.int(1, 40)
    const mtime = new Date(d.created - rng.int(5, 120) * SECOND)
    const entries: ZipPartEntry[] = filesFor(d.name, rng).map((f) => ({
      name: f.path,
      mtime,
      ...pooled(f.kind, rng)
    }))
    const info = {
      artifact: d.name,
      run_id: d.run.id,
      run_attempt: 1,
      ref: `refs/heads/${d.run.branch}`,
      sha: d.run.sha,
      runner: rng.pick(['ubuntu-24.04', 'windows-2022', 'macos-14']),
      build: rng.hex(16),
      created_at: iso(d.created)
    }
    entries.push({ name: 'build-info.json', mtime, ...small(JSON.stringify(info, null, 2)) })
    const parts = zipParts(entries)
    const hash = createHash('sha256')
    let size = 0
    for (const p of parts) {
      hash.update(p)
      size += p.length
    }
    return {
      id: artifactId,
      name: d.name,
      created_at: iso(d.created),
      updated_at: iso(d.created + rng.int(1, 20) * SECOND),
      expires_at: iso(d.expires),
      expired: d.expires < now,
      workflow_run: {
        id: d.run.id,
        repository_id: repositoryId,
        head_repository_id: d.run.fork ?? repositoryId,
        head_branch: d.run.branch,
        head_sha: d.run.sha
      },
      content: () => Buffer.concat(parts, size),
      size_in_bytes: size,
      digest: 'sha256:' + hash.digest('hex')
    }
  })
  return { artifacts, runs, repositoryId, branchWeights, now }
}

// ---- workflow runs -----------------------------------------------------------------------------

const WORKFLOW_FILES: SeedWorkflow[] = [
  { id: 161336, name: 'Build', path: '.github/workflows/build.yml' },
  { id: 161337, name: 'E2E', path: '.github/workflows/e2e.yml' },
  // the id the emulator gives made-up runs' ci.yml
  { id: 161335, name: 'CI', path: '.github/workflows/ci.yml' },
  { id: 161338, name: 'Benchmarks', path: '.github/workflows/bench.yml' },
  { id: 161339, name: 'Docs', path: '.github/workflows/docs.yml' },
  { id: 161340, name: 'Release', path: '.github/workflows/release.yml' },
  { id: 161341, name: 'Lint', path: '.github/workflows/lint.yml' }
]
const CI = WORKFLOW_FILES[2]
const LINT = WORKFLOW_FILES[6]
const CONCLUSIONS: (readonly [string, number])[] = [
  ['success', 78],
  ['failure', 15],
  ['cancelled', 5],
  ['skipped', 1],
  ['timed_out', 1]
]

function eventOf(rng: Rng, workflow: SeedWorkflow, branch: string, fork: boolean): string {
  if (fork) return 'pull_request'
  if (branch === 'main') {
    if (workflow.id === 161338 || workflow.id === 161339)
      return rng.chance(0.5) ? 'schedule' : 'push'
    return rng.weighted([
      ['push', 88],
      ['schedule', 5],
      ['workflow_dispatch', 7]
    ])
  }
  if (branch.startsWith('release/')) return 'push'
  return rng.chance(0.7) ? 'pull_request' : 'push'
}

function describeRuns(
  seed: number,
  runs: Run[],
  repositoryId: number,
  branchWeights: (readonly [string, number])[],
  now: number,
  totalRuns: number,
  artifacts: SeedArtifact[]
): GeneratedRepository {
  if (runs.length === 0) return { artifacts, workflows: WORKFLOW_FILES, runs: [], pulls: [] }
  const rng = createRng((seed ^ 0x52554e53) >>> 0)
  const out: SeedRun[] = []
  const workflowOf = (pool: string[]): SeedWorkflow => {
    const i = WORKFLOWS.findIndex(([p]) => p === pool)
    return i >= 0 ? WORKFLOW_FILES[i] : CI
  }
  const extras = Math.max(0, totalRuns - runs.length)
  const gaps = Math.max(1, runs.length - 1)
  runs.forEach((run, i) => {
    out.push(describeRun(rng, run, workflowOf(run.pool), repositoryId, now))
    const next = runs[i + 1]
    if (!next) return
    // spread evenly: gap i gets floor((i+1)E/G) - floor(iE/G) runs, E in all
    const here = Math.floor(((i + 1) * extras) / gaps) - Math.floor((i * extras) / gaps)
    for (let k = 1; k <= here && run.id + k < next.id; k++) {
      const time = run.time + Math.floor(((next.time - run.time) * k) / (next.id - run.id))
      const workflow = rng.chance(0.6) ? LINT : workflowOf(rng.weighted(WORKFLOWS))
      const branch = rng.weighted(branchWeights)
      out.push({
        id: run.id + k,
        workflow_id: workflow.id,
        event: eventOf(rng, workflow, branch, false),
        status: 'completed',
        conclusion: rng.weighted([
          ['success', 50],
          ['failure', 20],
          ['skipped', 20],
          ['cancelled', 10]
        ]),
        head_branch: branch,
        head_sha: rng.hex(40),
        head_repository_id: repositoryId,
        run_number: 0,
        created_at: iso(time)
      })
    }
  })
  const numbers = new Map<number, number>()
  for (const r of out) {
    r.run_number = (numbers.get(r.workflow_id) ?? 0) + 1
    numbers.set(r.workflow_id, r.run_number)
  }
  const pulls = pullRequests(rng, out, repositoryId)
  return { artifacts, workflows: WORKFLOW_FILES, runs: out.reverse(), pulls }
}

function describeRun(
  rng: Rng,
  run: Run,
  workflow: SeedWorkflow,
  repositoryId: number,
  now: number
): SeedRun {
  const inProgress = run.time > now - 6 * HOUR && rng.chance(0.5)
  return {
    id: run.id,
    workflow_id: workflow.id,
    event: eventOf(rng, workflow, run.branch, run.fork !== undefined),
    status: inProgress ? 'in_progress' : 'completed',
    conclusion: inProgress ? null : rng.weighted(CONCLUSIONS),
    head_branch: run.branch,
    head_sha: run.sha,
    head_repository_id: run.fork ?? repositoryId,
    run_number: 0,
    created_at: iso(run.time),
    updated_at: iso(run.time + (inProgress ? 0 : rng.int(2 * MINUTE, 40 * MINUTE)))
  }
}

/**
 * One open pull request per branch that is not main or a release (same repository), and per fork
 * and branch; its head is the branch's last commit. Pull-request runs of a same-repository branch
 * list it in pull_requests (GitHub lists none for forks).
 */
function pullRequests(rng: Rng, runs: SeedRun[], repositoryId: number): SeedPullRequest[] {
  const pulls = new Map<string, SeedPullRequest>()
  let number = 100 + rng.int(0, 400)
  for (const r of runs) {
    if (r.head_branch === 'main' && r.head_repository_id === repositoryId) continue
    if (r.head_branch.startsWith('release/')) continue
    if (r.event !== 'pull_request') continue
    const key = `${r.head_repository_id}:${r.head_branch}`
    let pull = pulls.get(key)
    if (!pull) {
      number += rng.int(1, 3)
      pull = {
        number,
        title: `Changes from ${r.head_branch}`,
        state: 'open',
        head_ref: r.head_branch,
        head_sha: r.head_sha,
        head_repository_id: r.head_repository_id,
        base_ref: 'main',
        created_at: r.created_at
      }
      pulls.set(key, pull)
    }
    pull.head_sha = r.head_sha
    if (r.head_repository_id === repositoryId) r.pull_requests = [pull.number]
  }
  return [...pulls.values()]
}
