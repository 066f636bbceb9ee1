/**
 * The search index behind GitHub's filtered workflow-runs listings. GitHub support: "Elastic
 * search backs filters in our API and UI. So unfiltered workflow runs lists will be correct, but
 * filtered lists will be stale" (dawidd6/action-download-artifact#147), and "searches of
 * workflow runs ... may show incomplete results" (#56); cli/cli#5440 and #5474 show runs missing
 * from `--branch` listings. Here the index sees each run, and each change of its status, `lagMs`
 * after it happened: a run younger than that is missing from filtered listings, and a filter on
 * status or conclusion sees the status the run had `lagMs` ago.
 */
import type { RunData } from './runs-state.js'
import type { SeedRun } from './types.js'

export interface StatusChange {
  at: number
  status: SeedRun['status']
  conclusion: string | null
}

const histories = new WeakMap<RunData, Map<number, StatusChange[]>>()

function historyMap(repo: RunData): Map<number, StatusChange[]> {
  let m = histories.get(repo)
  if (!m) {
    m = new Map()
    histories.set(repo, m)
  }
  return m
}

/** What a seeded run's history was: created (queued or in progress), then its seeded status. */
function seededHistory(run: SeedRun): StatusChange[] {
  const created = Date.parse(run.created_at)
  const updated = run.updated_at ? Date.parse(run.updated_at) : created
  if (run.status === 'completed' && updated > created) {
    return [
      { at: created, status: 'in_progress', conclusion: null },
      { at: updated, status: 'completed', conclusion: run.conclusion }
    ]
  }
  return [{ at: created, status: run.status, conclusion: run.conclusion }]
}

export function historyOf(repo: RunData, run: SeedRun): StatusChange[] {
  const m = historyMap(repo)
  let h = m.get(run.id)
  if (!h) {
    h = seededHistory(run)
    m.set(run.id, h)
  }
  return h
}

/** Records a status change at `at` (the run itself changes now; the index sees it later). */
export function recordStatus(
  repo: RunData,
  run: SeedRun,
  at: number,
  status: SeedRun['status'],
  conclusion: string | null
): void {
  historyOf(repo, run).push({ at, status, conclusion })
}

/**
 * The run as the index knows it at `now`: undefined when the index has not seen it yet, else
 * the run with the status and conclusion the index holds.
 */
export function indexedRun(
  repo: RunData,
  run: SeedRun,
  now: number,
  lagMs: number
): SeedRun | undefined {
  if (lagMs <= 0) return run
  const seenBy = now - lagMs
  let known: StatusChange | undefined
  for (const c of historyOf(repo, run)) if (c.at <= seenBy) known = c
  if (!known) return undefined
  return { ...run, status: known.status, conclusion: known.conclusion }
}
