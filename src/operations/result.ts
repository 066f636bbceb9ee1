import type { Artifact, ArtifactResult } from '../artifact.js'
import type { ArtifactsApi } from '../github/artifacts-api.js'
import type { Clock, Log } from '../log.js'
import type { ActiveRun, Selection } from '../select.js'
import type { ListingFacts } from '../report/facts.js'
import type { RunNames } from '../report/run-names.js'
import type { RepositoryOutcome } from '../report/repositories.js'
import type { Mode, Settings } from '../settings.js'

/** What an operation did, for outputs and the job summary. */
export interface OperationResult {
  mode: Mode
  /** owner/name */
  repository: string
  dryRun: boolean
  /** Every matched artifact with its outcome, in the order acted on. */
  results: ArtifactResult[]
  /** Artifacts spared by keep-latest. */
  sparedCount: number
  /** Artifacts spared by keep-tagged: their run's commit carries a matching tag (absent: 0). */
  sparedByTagCount?: number
  /** delete: artifacts spared because their run has not completed, the current run included (absent: 0). */
  sparedAsActiveCount?: number
  /** delete: the runs not completed whose artifacts were spared, newest first, with their status. */
  activeRuns?: ActiveRun[]
  /** download with `latest: run`: the run whose artifacts were taken. */
  latestRunId?: number
  /** Artifacts listed in all. */
  listedCount: number
  /** Requested artifact ids that do not exist. */
  missingIds: number[]
  /** Why work stopped early, when it did (the rate-limit reserve): a value, not a failure. */
  stopReason?: string
  /**
   * The listing itself was stopped (at the reserve), so nothing was acted on: how many artifacts
   * of the scope were left unexamined (0 when unknown). Absent when the listing was whole.
   */
  unlisted?: number
  /** The listing was cut (the API kept serving full pages past its count): not complete. */
  listingCut?: boolean
  /** A failure that stopped the action at once (403 permission): the step fails after reporting. */
  fatal?: Error
  /** download: the destination directory, absolute. */
  downloadPath?: string
  /** What the listing held: expired artifacts and stored bytes (the report's storage figures). */
  listing?: ListingFacts
  /** Workflow names and numbers of the results' runs, as far as they were cheap to learn. */
  runNames?: RunNames
  /** Several repositories: what happened in each (src/many/). */
  repositories?: RepositoryOutcome[]
}

/** What every operation is given besides the selection and the settings. */
export interface OperationDeps {
  api: ArtifactsApi
  log: Log
  clock: Clock
  /** Registers a secret with the runner so the log masks it (core.setSecret). */
  mask(secret: string): void
  /** The wait before retry number `retry` (0-based): the client's backoff with jitter. */
  backoffMs(retry: number): number
}

/** What an operation returns; the parts every operation shares are added by `resultOf`. */
export type OperationOutcome = Pick<
  OperationResult,
  'results' | 'stopReason' | 'fatal' | 'downloadPath'
>

/** The one shape of every operation: `(deps, selection, settings) → outcome`. */
export type Operation<S extends Settings = Settings> = (
  deps: OperationDeps,
  selection: Selection,
  settings: S
) => Promise<OperationOutcome>

/** Artifacts that work did not reach (limit, reserve, a fatal error): the one builder. */
export function notReached(artifacts: Artifact[]): ArtifactResult[] {
  return artifacts.map((artifact) => ({ artifact, outcome: 'not-reached' }))
}

/** The full result: the operation's outcome with what the settings, listing and selection say. */
export function resultOf(
  settings: Settings,
  selection: Selection,
  missingIds: number[],
  outcome: OperationOutcome
): OperationResult {
  return {
    mode: settings.mode,
    repository: `${settings.owner}/${settings.repo}`,
    dryRun: settings.dryRun,
    sparedCount: selection.spared.length,
    sparedByTagCount: selection.sparedByTag?.length ?? 0,
    sparedAsActiveCount: selection.sparedAsActive?.length ?? 0,
    activeRuns: selection.activeRuns ?? [],
    ...(selection.latestRun?.runId !== undefined ? { latestRunId: selection.latestRun.runId } : {}),
    listedCount: selection.listed,
    missingIds,
    ...outcome
  }
}

/** The listing was stopped at the reserve: nothing acted on, `unlisted` artifacts left to examine. */
export function unlistedResult(
  settings: Settings,
  stopReason: string,
  unlisted: number
): OperationResult {
  const empty: Selection = {
    selected: [],
    notReached: [],
    spared: [],
    listed: 0
  }
  return { ...resultOf(settings, empty, [], { results: [], stopReason }), unlisted }
}
