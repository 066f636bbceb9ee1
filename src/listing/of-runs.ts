import type { Artifact } from '../artifact.js'
import type { ArtifactsApi, Listing, StartedListing } from '../github/artifacts-api.js'
import { PER_PAGE } from '../github/paging.js'
import type { RunsApi } from '../github/runs-api.js'
import type { Log } from '../log.js'
import type { Scope } from '../settings.js'
import { type Resolver, startResolution } from './resolver.js'
import type { RunListing, RunResolution, RunSelection } from './types.js'

/**
 * Selection step 1 with run filters (workflow, run-conclusion, event, pull-request): lists the
 * artifacts and keeps those whose run matches, with as few requests as the cost model finds:
 *
 * - runs-first: when the filtered run listing is short (not capped) and costs less than the rest
 *   of the artifact listing, list the runs, then each matching run's artifacts;
 * - join: otherwise list the artifacts, then decide each distinct candidate run from pages of the
 *   filtered run listing (a run missing from a page newer than it does not match) or by looking
 *   it up, whichever is cheaper for the runs still undecided; lookups are cached.
 */
export async function listArtifactsOfRuns(
  artifacts: ArtifactsApi,
  runsApi: RunsApi,
  selection: RunSelection,
  log: Log
): Promise<RunListing> {
  const { scope } = selection
  const { resolution, filter, resolver } = await startResolution(runsApi, selection, 'none')
  if (!filter || !resolver) return { ...(await artifacts.listArtifacts(scope)), resolution }
  let listing: Listing
  if (scope.kind === 'repository') {
    listing = await fromRepository(artifacts, resolver, scope, selection.inQuestion)
  } else if (scope.kind === 'run' && !(await resolver.runMatches(scope.runId))) {
    // the run does not match: its artifacts need not be listed at all
    resolution.strategy = 'run'
    listing = { artifacts: [], missingIds: [] }
  } else {
    resolution.strategy = 'run'
    const all = await artifacts.listArtifacts(scope)
    listing = {
      ...all,
      artifacts: await resolver.keepMatching(all.artifacts, selection.inQuestion)
    }
  }
  const r = resolution.requests
  log.info(
    `Workflow runs resolved (${resolution.strategy}): ${r.runPages} run page(s), ${r.runLookups} run ` +
      `lookup(s), ${r.runArtifactLists} run artifact list(s)${r.pull ? ', 1 pull request' : ''}` +
      (resolution.strategy === 'join'
        ? `; one lookup per candidate run would have taken ${resolution.perRunCost}.`
        : '.')
  )
  return { ...listing, resolution, knownRuns: resolver.knownRuns() }
}

async function fromRepository(
  artifacts: ArtifactsApi,
  resolver: Resolver,
  scope: Extract<Scope, { kind: 'repository' }>,
  inQuestion: (a: Artifact) => boolean
): Promise<Listing> {
  const probe = await resolver.nextPage()
  let started: StartedListing | undefined
  if (!resolver.capped) {
    // runs-first costs the run pages left plus one artifact list per run (at most total)
    const runsFirstCost = resolver.runPagesLeft() + probe.total
    // a single run's list is never dearer than any listing: no need to ask what the other costs
    if (runsFirstCost <= 1) return runsFirst(artifacts, resolver, scope)
    started = await artifacts.startListing(scope)
    const artifactPagesLeft = Math.max(0, Math.ceil(started.total / PER_PAGE) - 1)
    if (runsFirstCost <= artifactPagesLeft) return runsFirst(artifacts, resolver, scope)
  }
  resolver.resolution.strategy = 'join'
  const listing = started ? await started.finish() : await artifacts.listArtifacts(scope)
  const kept = await resolver.keepMatching(listing.artifacts, inQuestion)
  const cut = listing.cut ?? resolver.cut
  return { ...listing, artifacts: kept, ...(cut ? { cut } : {}) }
}

async function runsFirst(
  artifacts: ArtifactsApi,
  resolver: Resolver,
  scope: Extract<Scope, { kind: 'repository' }>
): Promise<Listing> {
  resolver.resolution.strategy = 'runs-first'
  const found = await resolver.runsFirst(artifacts, scope.exactName)
  return { artifacts: found, missingIds: [], ...(resolver.cut ? { cut: resolver.cut } : {}) }
}

/**
 * When nothing matched a run-conclusion filter, whether runs still in progress are why: they have
 * no conclusion yet. One request (per_page=1), only when nothing was found.
 */
export async function explainNoneFound(
  runsApi: RunsApi,
  selection: Pick<RunSelection, 'runs'>,
  resolution: RunResolution
): Promise<string | undefined> {
  if (!selection.runs?.conclusion || !resolution.query) return undefined
  const page = await runsApi.listRunsPage({ ...resolution.query, status: 'in_progress' }, 1, 1)
  if (page.total === 0) return undefined
  return (
    `${page.total} matching workflow run(s) are still in progress: their artifacts count once the ` +
    `run completes with conclusion '${selection.runs.conclusion}'.`
  )
}
