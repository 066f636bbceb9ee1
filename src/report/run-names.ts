import { errorMessage } from '../errors.js'
import { PER_PAGE } from '../github/paging.js'
import type { RunsApi, WorkflowRun } from '../github/runs-api.js'
import type { Log } from '../log.js'
import { escapeLogText } from './escape.js'

/** How the report names a run: `CI #89`, and the workflow file it ran. */
export interface RunName {
  /** The workflow's name ('CI'). */
  workflow: string
  /** The run's number within its workflow. */
  number?: number
  /** '.github/workflows/ci.yml' */
  path?: string
}

/** The runs the report could name, and what naming them cost. */
export interface RunNames {
  /** By run id. */
  runs: ReadonlyMap<number, RunName>
  /** Requests spent: pages of the (unfiltered) runs listing, and runs looked up by id. */
  runPages: number
  runLookups: number
  /** Runs the report shows that stayed unnamed (over the budget, deleted, or a request failed). */
  unnamed: number
  /** The most requests naming was allowed. */
  budget: number
  /** Why naming stopped short, when it did (a failed request, the rate-limit reserve). */
  stoppedBy?: string
}

/** At most this many runs are looked up one by one before paging the runs listing instead. */
const LOOKUPS_FIRST = 5

/**
 * The request budget for naming runs: a small constant, whatever the listing's size, so the storage
 * report never adds more than a few requests (and their latency) to a listing: on 10,000 artifacts
 * a budget that grew with the listing cost 38 more requests and 6 s more.
 */
export const RUN_NAMES_BUDGET = 5

/**
 * Names the runs `ids` (workflow and run number), cheaply: first from the runs listing already
 * saw (free); a few runs are looked up by id; more are found on pages of the unfiltered runs
 * listing (`/actions/runs`, newest first, not the lagging search index; a page names up to 100
 * runs) until every run is named, a page reaches past the oldest run wanted, or the budget is
 * spent; runs still unnamed are looked up if the budget allows. Never throws: a failed request
 * (the rate-limit reserve included) leaves the rest unnamed and is said in `stoppedBy`.
 */
export async function nameRuns(
  runsApi: RunsApi,
  ids: readonly number[],
  known: readonly WorkflowRun[],
  budget: number,
  log: Log
): Promise<RunNames> {
  const wanted = new Set(ids)
  const runs = new Map<number, RunName>()
  const take = (run: WorkflowRun | undefined): void => {
    if (run && wanted.has(run.id) && run.name !== undefined) runs.set(run.id, nameOf(run))
  }
  known.forEach(take)
  const state = { runPages: 0, runLookups: 0, stoppedBy: undefined as string | undefined }
  const todo = (): number[] => [...wanted].filter((id) => !runs.has(id)).sort((a, b) => b - a)
  try {
    if (todo().length > LOOKUPS_FIRST) {
      for (let page = 1; todo().length > 0 && state.runPages < budget; page++) {
        const { runs: listed } = await runsApi.listRunsPage({}, page)
        state.runPages += 1
        listed.forEach(take)
        const oldest = Math.min(...listed.map((r) => r.id))
        // Newest first: once a page reaches past the oldest run wanted, later pages hold none.
        if (listed.length < PER_PAGE || todo().every((id) => id > oldest)) break
      }
    }
    const left = todo()
    if (left.length <= budget - state.runPages) {
      state.runLookups += left.length
      const found = await Promise.all(left.map((id) => runsApi.getRun(id)))
      found.forEach(take)
    }
  } catch (error) {
    state.stoppedBy = errorMessage(error)
    log.info(`Workflow names of some runs are not shown: ${escapeLogText(state.stoppedBy)}`)
  }
  return {
    runs,
    runPages: state.runPages,
    runLookups: state.runLookups,
    unnamed: wanted.size - runs.size,
    budget,
    ...(state.stoppedBy ? { stoppedBy: state.stoppedBy } : {})
  }
}

function nameOf(run: WorkflowRun): RunName {
  return {
    workflow: run.name ?? '',
    ...(run.runNumber !== undefined ? { number: run.runNumber } : {}),
    path: run.path
  }
}
