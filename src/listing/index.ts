import type { Artifact } from '../artifact.js'
import type { ArtifactsApi, Listing } from '../github/artifacts-api.js'
import { ReserveReachedError } from '../github/errors.js'
import type { RunsApi } from '../github/runs-api.js'
import type { Log } from '../log.js'
import type { Settings } from '../settings.js'
import { findNewest, findNewestByName } from './newest-by-name.js'
import { explainNoneFound, listArtifactsOfRuns } from './of-runs.js'
import type { RunListing } from './types.js'

export type { RunListing, RunResolution, RunSelection } from './types.js'
export { explainNoneFound, findNewest, findNewestByName, listArtifactsOfRuns }

/** What listing reads from GitHub. */
export interface ListingApis {
  api: ArtifactsApi
  runsApi: RunsApi
}

/** The predicates listing takes from selection (it never imports selection's code). */
export interface SelectionPredicates {
  /** Whether an artifact is in question at all (expiry, name, branch, commit). */
  inQuestion: (artifact: Artifact) => boolean
  /** Every artifact that passes every filter, newest first (download latest's candidates). */
  candidates: (found: Artifact[]) => Artifact[]
}

/** What listing found, or why it stopped: a value either way. */
export type ListOutcome =
  ({ kind: 'listed' } & RunListing) | { kind: 'stopped'; reason: string; unlisted: number }

/**
 * Selection step 1: takes what selection needs. For download's `latest: name` with one exact
 * name, or `latest: run`, only as many pages as it takes to be sure of the newest; otherwise the whole list (through the
 * run filters). The rate-limit reserve reached while listing is a `stopped` value: nothing is
 * acted on from a partial list.
 */
export async function listForSelection(
  { api, runsApi }: ListingApis,
  settings: Settings,
  predicates: SelectionPredicates,
  log: Log
): Promise<ListOutcome> {
  const { scope, criteria, runs } = settings
  const selection = { scope, criteria, runs, inQuestion: predicates.inQuestion }
  try {
    const early = earlyExit(settings)
    const listing =
      early && scope.kind !== 'ids'
        ? // Every candidate, newest first: the newest may come from a run the run filters refuse.
          await findNewest(api, runsApi, { ...selection, scope }, predicates.candidates, early)
        : await listArtifactsOfRuns(api, runsApi, selection, log)
    // the API kept serving full pages past its count: act on what was listed, say so
    if (listing.cut) log.warning(listing.cut)
    return { kind: 'listed', ...listing }
  } catch (error) {
    if (!(error instanceof ReserveReachedError)) throw error
    const reason = `${error.message} The list could not be taken whole, so nothing was acted on.`
    return { kind: 'stopped', reason, unlisted: error.pending ?? 0 }
  }
}

/**
 * Whether download can stop listing early: `latest: name` with one exact name (the newest of it),
 * or `latest: run` over the repository's list (the newest run with a match: its own list).
 */
function earlyExit(settings: Settings): 'artifact' | 'run' | undefined {
  const { scope, criteria } = settings
  if (settings.mode !== 'download' || scope.kind === 'ids') return undefined
  if (criteria.latest === 'name' && scope.exactName) return 'artifact'
  if (criteria.latest === 'run' && scope.kind === 'repository') return 'run'
  return undefined
}

/** Why nothing was found, when the runs can say (one request, only when nothing matched). */
export function whyNoneFound(
  { runsApi }: ListingApis,
  settings: Settings,
  listing: RunListing
): Promise<string | undefined> {
  return explainNoneFound(runsApi, settings, listing.resolution)
}

export type { Listing }
