import { type Artifact, newestFirst } from '../artifact.js'
import type { ArtifactsApi, ListScope } from '../github/artifacts-api.js'
import { lastPageAllowed } from '../github/page-walk.js'
import { PER_PAGE } from '../github/paging.js'
import type { RunsApi } from '../github/runs-api.js'
import { startResolution } from './resolver.js'
import type { RunListing, RunSelection } from './types.js'

/**
 * Download's `latest: name` with one exact name: the newest artifact of that name that passes
 * every filter and whose run matches, without taking the whole list (see findNewest).
 */
export function findNewestByName(
  artifacts: Pick<ArtifactsApi, 'listPage' | 'listArtifacts'>,
  runsApi: RunsApi,
  selection: RunSelection & { scope: ListScope },
  passes: (candidates: Artifact[]) => Artifact[]
): Promise<RunListing> {
  return findNewest(artifacts, runsApi, selection, passes, 'artifact')
}

/**
 * Download's early exits. Pages of the listing are read newest first, one at a time; candidates
 * are checked newest first (their run looked up once, cached) and the first that passes decides:
 * `artifact` takes it alone (`latest: name` with one exact name); `run` takes its run, the newest
 * run with a match, and lists that run's artifacts (`latest: run`: one consistent set, however
 * many names). GitHub serves the list newest first; each page is checked to be in that order,
 * and where it is not, every page is read before choosing.
 */
export async function findNewest(
  artifacts: Pick<ArtifactsApi, 'listPage' | 'listArtifacts'>,
  runsApi: RunsApi,
  selection: RunSelection & { scope: ListScope },
  passes: (candidates: Artifact[]) => Artifact[],
  take: 'artifact' | 'run'
): Promise<RunListing> {
  const { scope } = selection
  const strategy = selection.runs ? 'join' : 'none'
  const { resolution, resolver } = await startResolution(runsApi, selection, strategy)
  const seen: Artifact[] = []
  let ordered = true
  // total_count is a claim, not a plan: page 1's count sets how many pages may be read at most
  let budget = Infinity
  for (let page = 1; ; page++) {
    const { total, artifacts: batch } = await artifacts.listPage(scope, page)
    if (page === 1) budget = lastPageAllowed(total, { perPage: PER_PAGE, window: 1 })
    ordered &&= isNewestFirst([...seen.slice(-1), ...batch])
    seen.push(...batch)
    const last = batch.length < PER_PAGE || seen.length >= total || page >= budget
    if (ordered || last) {
      for (const candidate of passes(seen)) {
        // A run id that is not a positive whole number decides no run (and is never asked for).
        if (take === 'run' && !isRunId(candidate.workflowRun.id)) continue
        if (!resolver || (await resolver.runMatches(candidate.workflowRun.id ?? 0))) {
          const runId = candidate.workflowRun.id
          if (take === 'artifact' || runId === undefined)
            return { artifacts: [candidate], missingIds: [], resolution }
          // The run's own list: every artifact of that run, wherever it sits in the repository's.
          resolution.requests.runArtifactLists += 1
          const ofRun = await artifacts.listArtifacts({
            kind: 'run',
            runId,
            exactName: scope.exactName
          })
          return { ...ofRun, resolution }
        }
      }
    }
    if (last) return { artifacts: [], missingIds: [], resolution }
  }
}

function isNewestFirst(list: Artifact[]): boolean {
  return list.every((a, i) => i === 0 || newestFirst(list[i - 1], a) <= 0)
}

function isRunId(id: unknown): id is number {
  return typeof id === 'number' && Number.isSafeInteger(id) && id > 0
}
