import type { Artifact } from '../artifact.js'
import type { Log } from '../log.js'
import type { OperationResult } from '../operations/result.js'
import type { RunsApi, WorkflowRun } from '../github/runs-api.js'
import { nameRuns, RUN_NAMES_BUDGET } from './run-names.js'

/** What the listing held, for the report: expired artifacts hold no storage. */
export interface ListingFacts {
  /** Artifacts listed (de-duplicated by id), expired ones included. */
  listed: number
  /** Of those, expired: they hold no storage and are left out unless `include-expired`. */
  expired: number
  /** Bytes held by the listed artifacts that have not expired. */
  storedBytes: number
}

/** The listing's facts, from the listed artifacts. Pure. */
export function listingFacts(artifacts: readonly Artifact[]): ListingFacts {
  const unique = new Map(artifacts.map((a) => [a.id, a]))
  let expired = 0
  let storedBytes = 0
  for (const a of unique.values()) {
    if (a.expired) expired += 1
    else storedBytes += a.sizeInBytes
  }
  return { listed: unique.size, expired, storedBytes }
}

/**
 * The result with what the report needs besides it: the listing's facts, and the names of the
 * results' runs (`CI #89`, storage by workflow) when they are cheap to learn (see `nameRuns`):
 * list and delete, where storage is the question, may spend up to `RUN_NAMES_BUDGET` requests;
 * download names only the runs its listing already saw (no request). Runs are not named after a
 * fatal error or a stop at the rate-limit reserve.
 */
export async function describeForReport(
  runsApi: RunsApi,
  result: OperationResult,
  listing: { artifacts: readonly Artifact[]; knownRuns?: readonly WorkflowRun[] },
  log: Log
): Promise<OperationResult> {
  const described = { ...result, listing: listingFacts(listing.artifacts) }
  const ids = new Set<number>()
  for (const { artifact } of result.results)
    if (artifact.workflowRun.id !== undefined) ids.add(artifact.workflowRun.id)
  if (ids.size === 0 || result.fatal || result.stopReason) return described
  const budget = result.mode === 'download' ? 0 : RUN_NAMES_BUDGET
  const runNames = await nameRuns(runsApi, [...ids], listing.knownRuns ?? [], budget, log)
  return { ...described, runNames }
}
