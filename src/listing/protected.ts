import type { Artifact } from '../artifact.js'
import { FILTERED_RUNS_CAP, type RunsApi } from '../github/runs-api.js'
import type { TagsApi } from '../github/tags-api.js'
import { PER_PAGE } from '../github/paging.js'
import type { Log } from '../log.js'
import { compileNamePatterns } from '../patterns.js'
import type { Protections, Selection } from '../select.js'
import type { Settings } from '../settings.js'

/** The statuses of a run that has not completed, as the runs listing's `status` filter takes them. */
export const ACTIVE_STATUSES = ['in_progress', 'queued', 'waiting', 'requested', 'pending'] as const

/**
 * How far the filtered runs listing may lag behind (it is served from a search index that is
 * minutes behind): a run with an artifact younger than this may be missing from it, so it is
 * looked up by id (Get a workflow run is always current).
 */
export const RUN_INDEX_LAG_MS = 30 * 60_000

/** What learning protections reads from GitHub. */
export interface ProtectionApis {
  runsApi: RunsApi
  tagsApi: TagsApi
}

/** What to learn, and about which artifacts. */
export interface ProtectionQuery {
  /** keep-tagged patterns; empty: no tags are listed. */
  keepTagged: string[]
  /** Learn which runs have not completed (delete). */
  activeRuns: boolean
  /** GITHUB_RUN_ID: the run this step belongs to, active by definition. */
  currentRunId?: number
  /** The artifacts that would be acted on without protections: only their runs matter. */
  candidates: Artifact[]
  now: Date
}

/** What it cost, for the log and the tests. */
export interface ProtectionCost {
  tagPages: number
  statusPages: number
  runLookups: number
}

/**
 * Learns what must not be deleted, with few requests: the tags once (100 a page) when keep-tagged
 * is given; the runs not completed from the runs listing filtered by each active status (a few
 * pages, whatever the number of artifacts), plus a lookup by id for the candidate runs too young
 * for that lagging listing. Never one request per artifact. Nothing is asked when no candidate
 * could be spared.
 */
export async function learnProtections(
  { runsApi, tagsApi }: ProtectionApis,
  query: ProtectionQuery,
  log: Log
): Promise<{ protections: Protections; cost: ProtectionCost }> {
  const cost: ProtectionCost = { tagPages: 0, statusPages: 0, runLookups: 0 }
  const protections: Protections = {}
  if (query.candidates.length === 0) return { protections, cost }
  if (query.keepTagged.length > 0) {
    const matches = compileNamePatterns(query.keepTagged)
    const tags = await tagsApi.listTags()
    cost.tagPages = Math.floor(tags.length / PER_PAGE) + 1
    const kept = tags.filter((t) => matches(t.name))
    protections.taggedShas = new Set(kept.map((t) => t.sha))
    log.info(
      `keep-tagged: ${kept.length} of ${tags.length} tag(s) match, on ${protections.taggedShas.size} commit(s).`
    )
  }
  if (query.activeRuns) protections.activeRuns = await activeRuns(runsApi, query, cost)
  return { protections, cost }
}

async function activeRuns(
  runsApi: RunsApi,
  query: ProtectionQuery,
  cost: ProtectionCost
): Promise<Map<number, string>> {
  const active = new Map<number, string>()
  if (query.currentRunId !== undefined) active.set(query.currentRunId, 'current')
  const listed = await Promise.all(
    ACTIVE_STATUSES.map((status) => listStatus(runsApi, status, cost))
  )
  for (const runs of listed)
    for (const run of runs) if (!active.has(run.id)) active.set(run.id, run.status)
  // Runs too young for the lagging listing: each looked up by id, once.
  const youngest = new Map<number, number>()
  for (const a of query.candidates) {
    const id = a.workflowRun.id
    if (id === undefined || active.has(id)) continue
    const created = a.createdAt?.getTime() ?? Number.MAX_SAFE_INTEGER
    youngest.set(id, Math.max(youngest.get(id) ?? 0, created))
  }
  const young = [...youngest]
    .filter(([, created]) => query.now.getTime() - created < RUN_INDEX_LAG_MS)
    .map(([id]) => id)
  await Promise.all(
    young.map(async (id) => {
      cost.runLookups += 1
      const run = await runsApi.getRun(id)
      if (run && run.status !== 'completed') active.set(id, run.status)
    })
  )
  return active
}

/** Every run with this status, page after page (the listing holds at most 1,000). */
async function listStatus(
  runsApi: RunsApi,
  status: string,
  cost: ProtectionCost
): Promise<{ id: number; status: string }[]> {
  const runs: { id: number; status: string }[] = []
  for (let page = 1; page <= FILTERED_RUNS_CAP / PER_PAGE; page++) {
    const batch = await runsApi.listRunsPage({ status }, page)
    cost.statusPages += 1
    // The listing may serve a stale status; it is filtered on this one, and that is what counts.
    runs.push(...batch.runs.map((r) => ({ id: r.id, status })))
    if (batch.runs.length < PER_PAGE || runs.length >= batch.total) break
  }
  return runs
}

/**
 * What to learn for these settings: tags for keep-tagged (list previews it, delete applies it),
 * the runs not completed for delete; about the artifacts the unprotected selection would take.
 */
export function protectionQuery(
  settings: Settings,
  unprotected: Selection,
  now: Date
): ProtectionQuery {
  const acts = settings.mode === 'delete' || settings.mode === 'list'
  return {
    keepTagged: acts ? (settings.criteria.keepTagged ?? []) : [],
    activeRuns: settings.mode === 'delete',
    currentRunId: settings.currentRunId,
    candidates: [...unprotected.selected, ...unprotected.notReached],
    now
  }
}
