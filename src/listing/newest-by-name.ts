import { type Artifact, newestFirst } from '../artifact.js'
import type { ArtifactsApi, ListScope } from '../github/artifacts-api.js'
import { lastPageAllowed } from '../github/page-walk.js'
import { PER_PAGE } from '../github/paging.js'
import type { RunsApi } from '../github/runs-api.js'
import { startResolution } from './resolver.js'
import type { RunListing, RunSelection } from './types.js'

/**
 * Download's `latest` with one exact name: the newest artifact of that name that passes every
 * filter and whose run matches, without taking the whole list. Pages of the name-filtered listing
 * are read newest first, one at a time; candidates are checked newest first (their run looked up
 * once, cached) and the first that passes is the answer. GitHub serves the list newest first; each
 * page is checked to be in that order, and where it is not, every page is read before choosing.
 */
export async function findNewestByName(
  artifacts: Pick<ArtifactsApi, 'listPage'>,
  runsApi: RunsApi,
  selection: RunSelection & { scope: ListScope },
  passes: (candidates: Artifact[]) => Artifact[]
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
        if (!resolver || (await resolver.runMatches(candidate.workflowRun.id ?? 0))) {
          return { artifacts: [candidate], missingIds: [], resolution }
        }
      }
    }
    if (last) return { artifacts: [], missingIds: [], resolution }
  }
}

function isNewestFirst(list: Artifact[]): boolean {
  return list.every((a, i) => i === 0 || newestFirst(list[i - 1], a) <= 0)
}
