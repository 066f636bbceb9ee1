import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import {
  type Emulator,
  type SeedArtifact,
  bandwidthCap,
  generateArtifacts,
  generateRepository,
  largeArtifact,
  startEmulator
} from '../../emulator/index.js'
import { type BenchRow, addLatency, apiRequests, measureAction } from '../lib.js'
import { LATENCY_MS } from './listing.js'

const RUN = {
  id: 77,
  repository_id: 9,
  head_repository_id: 9,
  head_branch: 'main',
  head_sha: 'f'.repeat(40)
}
/** Downloads in flight: min(concurrency, 4), see src/operations/download.ts. */
const DOWNLOADS_IN_FLIGHT = 4

/** Runs @actions/artifact (bench/actions-artifact.mjs) as a child, with its peak RSS. */
async function runContender(
  emulator: Emulator,
  env: Record<string, string>
): Promise<{ wallMs: number; peakRssBytes: number; stdout: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-contender-'))
  const rssFile = join(dir, 'rss')
  const script = new URL('../actions-artifact.mjs', import.meta.url).pathname
  const preload = new URL('../../scripts/max-rss.mjs', import.meta.url).pathname
  const started = performance.now()
  const child = spawn(process.execPath, ['--import', preload, script], {
    env: {
      PATH: process.env.PATH ?? '',
      GITHUB_API_URL: emulator.url,
      ARTIFACT_KEEPER_MAXRSS_FILE: rssFile,
      BENCH_TOKEN: 'ghs_read_token',
      BENCH_DEST: join(dir, 'out'),
      ...env
    },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()))
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
  const wallMs = performance.now() - started
  if (code !== 0) throw new Error(`@actions/artifact failed: ${stderr}\n${stdout}`)
  const peakRssBytes = Number(readFileSync(rssFile, 'utf8'))
  rmSync(dir, { recursive: true, force: true })
  return { wallMs, peakRssBytes, stdout }
}

/**
 * Download one big artifact (400 MB and 1 GiB rows), ours next to `@actions/artifact` in the same
 * run, alternately, with extraction (both) uncapped; for 1 GiB also capped at 200 MB/s (target
 * ≥ 90 % of the cap) and with `extract: false`. Target: ≥ 1.0× `@actions/artifact`'s MB/s with
 * extraction on, peak RSS no higher than its own.
 */
export async function bigDownload(
  coldMs: number,
  size: number,
  label: string,
  all: boolean
): Promise<BenchRow[]> {
  const emulator = await startEmulator()
  const rows: BenchRow[] = []
  try {
    const big = largeArtifact({ id: 10, name: 'big', size, workflow_run: RUN })
    emulator.addRepository('bench/big', [big], { id: 9 })
    const zipBytes = big.size_in_bytes ?? size
    const capMBs = 200
    const ours = async (cap: number, extract: 'true' | 'false'): Promise<BenchRow> => {
      const remove = cap ? emulator.addHook(bandwidthCap(cap * 1e6)) : (): void => {}
      try {
        emulator.resetRequests()
        const m = await measureAction(
          emulator,
          'bench/big',
          { mode: 'download', name: 'big', path: 'out', extract },
          'ghs_read_token'
        )
        rmSync(dirname(m.run.workspace), { recursive: true, force: true })
        const mbs = zipBytes / 1e6 / ((m.wallMs - coldMs) / 1000)
        return {
          scenario: `download ${label}, ${cap ? `cap ${cap} MB/s` : 'uncapped'}, extract: ${extract}`,
          requests: apiRequests(emulator),
          // one page, the run's conclusion (run-conclusion: success by default), the 302
          idealRequests: 3,
          wallMs: m.wallMs,
          idealMs: cap ? coldMs + (zipBytes / (cap * 1e6)) * 1000 : m.wallMs,
          peakRssBytes: m.peakRssBytes,
          note:
            `${mbs.toFixed(0)} MB/s after start-up` +
            (cap && extract === 'false'
              ? ` (${((mbs / cap) * 100).toFixed(0)} % of the cap; target ≥ 90 %)`
              : '') +
            (extract === 'true'
              ? '; extracts into staging while downloading, promoted once verified'
              : '')
        }
      } finally {
        remove()
      }
    }
    const theirs = async (cap: number): Promise<BenchRow> => {
      const remove = cap ? emulator.addHook(bandwidthCap(cap * 1e6)) : (): void => {}
      try {
        emulator.resetRequests()
        const c = await runContender(emulator, {
          BENCH_OP: 'download',
          BENCH_OWNER: 'bench',
          BENCH_REPO: 'big',
          BENCH_RUN_ID: String(RUN.id),
          BENCH_ARTIFACT_ID: '10'
        })
        const mbs = zipBytes / 1e6 / ((c.wallMs - coldMs) / 1000)
        return {
          scenario: `@actions/artifact: download ${label}, ${cap ? `cap ${cap} MB/s` : 'uncapped'} (extracts while downloading)`,
          requests: apiRequests(emulator),
          wallMs: c.wallMs,
          idealMs: cap ? coldMs + (zipBytes / (cap * 1e6)) * 1000 : c.wallMs,
          peakRssBytes: c.peakRssBytes,
          note: `${mbs.toFixed(0)} MB/s after start-up; digest checked only after extracting`
        }
      } finally {
        remove()
      }
    }
    // Side by side, alternately, so both see the same machine: ours, theirs, ours, theirs.
    const a1 = await ours(0, 'true')
    const t1 = await theirs(0)
    const a2 = await ours(0, 'true')
    const t2 = await theirs(0)
    const best = (x: BenchRow, y: BenchRow): BenchRow => (x.wallMs <= y.wallMs ? x : y)
    const a = best(a1, a2)
    const t = best(t1, t2)
    const speed = (t.wallMs - coldMs) / (a.wallMs - coldMs)
    const rssOk = (a.peakRssBytes ?? 0) <= (t.peakRssBytes ?? 0)
    a.note += `; best of 2. ${speed.toFixed(2)}× @actions/artifact's MB/s (target ≥ 1.0: ${speed >= 1 ? 'met' : 'NOT met'}), peak RSS ${rssOk ? 'no higher' : 'HIGHER'} than its own`
    t.note += '; best of 2'
    rows.push(a, t)
    if (all) {
      rows.push(await ours(capMBs, 'false'))
      rows.push(await ours(capMBs, 'true'))
      rows.push(await theirs(capMBs))
      rows.push(await ours(0, 'false'))
    }
    return rows
  } finally {
    await emulator.close()
  }
}

/** Download 200 small artifacts of one run: DOWNLOADS_IN_FLIGHT at a time, each one API request + blob. */
export async function small200(coldMs: number): Promise<BenchRow> {
  const emulator = await startEmulator()
  try {
    const seeds: SeedArtifact[] = generateArtifacts({
      seed: 3,
      count: 200,
      expiredFraction: 0,
      forkFraction: 0
    }).map((a, i) => ({ ...a, name: `part-${i}`, workflow_run: { ...RUN } }))
    emulator.addRepository('bench/small', seeds, { id: 9 })
    addLatency(emulator, LATENCY_MS)
    emulator.resetRequests()
    const m = await measureAction(
      emulator,
      'bench/small',
      { mode: 'download', 'run-id': String(RUN.id), path: 'out' },
      'ghs_read_token'
    )
    rmSync(m.run.workspace, { recursive: true, force: true })
    const pages = 2
    const idealMs = coldMs + LATENCY_MS * pages + Math.ceil(200 / DOWNLOADS_IN_FLIGHT) * LATENCY_MS
    const ratio = m.wallMs / idealMs
    return {
      scenario: `download 200 small artifacts of a run (${LATENCY_MS} ms/request, ${DOWNLOADS_IN_FLIGHT} at a time)`,
      requests: apiRequests(emulator),
      idealRequests: pages + 200,
      wallMs: m.wallMs,
      idealMs,
      peakRssBytes: m.peakRssBytes,
      note: `target ≤ 1.5× ideal: ${ratio <= 1.5 ? 'met' : 'NOT met'}; downloaded ${m.run.outputs.count}`
    }
  } finally {
    await emulator.close()
  }
}

/** @actions/artifact listing a run's artifacts next to ours, same emulator and latency. */
export async function listRunSideBySide(coldMs: number): Promise<BenchRow[]> {
  const emulator = await startEmulator()
  try {
    const seeds = generateArtifacts({
      seed: 3,
      count: 250,
      expiredFraction: 0,
      forkFraction: 0
    }).map((a) => ({
      ...a,
      workflow_run: { ...RUN }
    }))
    emulator.addRepository('bench/run', seeds, { id: 9 })
    addLatency(emulator, LATENCY_MS)
    emulator.resetRequests()
    const ours = await measureAction(
      emulator,
      'bench/run',
      { mode: 'list', 'run-id': String(RUN.id) },
      'ghs_read_token'
    )
    const ourRequests = apiRequests(emulator)
    emulator.resetRequests()
    const theirs = await runContender(emulator, {
      BENCH_OP: 'list',
      BENCH_OWNER: 'bench',
      BENCH_REPO: 'run',
      BENCH_RUN_ID: String(RUN.id)
    })
    const theirRequests = apiRequests(emulator)
    const pages = 3
    const idealMs = coldMs + LATENCY_MS * (1 + 1)
    return [
      {
        scenario: `list a run's 250 artifacts (${LATENCY_MS} ms/request)`,
        requests: ourRequests,
        idealRequests: pages,
        wallMs: ours.wallMs,
        idealMs,
        peakRssBytes: ours.peakRssBytes,
        note: `${(theirs.wallMs / ours.wallMs).toFixed(2)}× faster than @actions/artifact`
      },
      {
        scenario: `@actions/artifact: list the same run (${JSON.parse(theirs.stdout.trim().split('\n').pop() ?? '{}').count} artifacts)`,
        requests: theirRequests,
        idealRequests: pages,
        wallMs: theirs.wallMs,
        idealMs,
        peakRssBytes: theirs.peakRssBytes,
        note: 'pages one after another'
      }
    ]
  } finally {
    await emulator.close()
  }
}

/**
 * Download the newest artifact of one name in a 10,000-artifact repository: the name-filtered list
 * newest first, stopping at the first page that holds an answer (its run looked up for the
 * `run-conclusion: success` default), then the download.
 */
export async function newestOfName(coldMs: number): Promise<BenchRow> {
  const emulator = await startEmulator()
  try {
    const g = generateRepository({ seed: 21, count: 10_000, repositoryId: 9, totalRuns: 4000 })
    emulator.addRepository('bench/newest', g.artifacts, {
      id: 9,
      runs: g.runs,
      workflows: g.workflows,
      pulls: g.pulls
    })
    addLatency(emulator, LATENCY_MS)
    const name = 'coverage'
    const matches = g.artifacts.filter((a) => a.name === name)
    emulator.resetRequests()
    const m = await measureAction(
      emulator,
      'bench/newest',
      { mode: 'download', name, path: 'out' },
      'ghs_read_token'
    )
    rmSync(m.run.workspace, { recursive: true, force: true })
    const requests = apiRequests(emulator)
    const fullPages = Math.ceil(matches.length / 100)
    return {
      scenario: `download the newest '${name}' among 10,000 artifacts (${matches.length} of that name)`,
      requests,
      wallMs: m.wallMs,
      idealMs: coldMs + requests * LATENCY_MS,
      peakRssBytes: m.peakRssBytes,
      note: `stops paging early: ${requests} requests, where the whole name-filtered list alone is ${fullPages} pages`
    }
  } finally {
    await emulator.close()
  }
}
