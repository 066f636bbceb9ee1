import pLimit from 'p-limit'
import { type Artifact, newestFirst } from './artifact.js'
import type { ArtifactsApi, FirstPage, Listing } from './github/artifacts-api.js'
import {
  FILTERED_RUNS_CAP,
  RUNS_PER_PAGE,
  type PullRequestHead,
  type RunQuery,
  type RunsApi,
  type WorkflowRun
} from './github/runs-api.js'
import type { Log } from './log.js'
import { compileGlob, hasGlobSyntax } from './patterns.js'
import { matchesIdentity } from './select.js'
import type { Criteria, RunCriteria, Scope } from './settings.js'

const ARTIFACTS_PER_PAGE = 100

/** The artifact listing runs.ts drives: ArtifactsApi plus page 1 on its own (for the estimate). */
/** Listing one page at a time, for answers that can stop early. */
export interface PageByPageArtifactsApi {
  listPage(
    scope: Exclude<Scope, { kind: 'ids' }>,
    page: number
  ): Promise<{ total: number; artifacts: Artifact[] }>
}

export interface PagedArtifactsApi extends ArtifactsApi {
  listArtifacts(scope: Scope, first?: FirstPage): Promise<Listing>
  firstPage(scope: Exclude<Scope, { kind: 'ids' }>): Promise<FirstPage>
}

/** What resolution needs to know of the settings. */
export interface RunSelection {
  scope: Scope
  criteria: Criteria
  runs?: RunCriteria
  concurrency: number
}

/** How run filters were answered, and what it cost. */
export interface RunResolution {
  /** 'none': no run filter; 'run': one run's check; 'join': artifacts listed, runs looked up or
   * listed; 'runs-first': runs listed, then each matching run's artifacts. */
  strategy: 'none' | 'run' | 'join' | 'runs-first'
  /** Requests sent by resolution beyond the artifact listing's pages. */
  requests: { pull: number; runPages: number; runLookups: number; runArtifactLists: number }
  /** What one lookup per distinct candidate run would have cost in run requests. */
  perRunCost: number
  /** The server-side run filters used. */
  query?: RunQuery
}

/** A listing restricted to the artifacts of matching runs, and how it was found. */
export interface RunListing extends Listing {
  resolution: RunResolution
}

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
  artifacts: PagedArtifactsApi,
  runsApi: RunsApi,
  selection: RunSelection,
  log: Log
): Promise<RunListing> {
  const { scope } = selection
  const { resolution, filter, resolver } = await startResolution(runsApi, selection, 'none')
  if (!filter || !resolver) return { ...(await artifacts.listArtifacts(scope)), resolution }
  let listing: Listing
  if (scope.kind === 'repository') {
    listing = await fromRepository(artifacts, resolver, scope, selection.criteria, filter)
  } else if (scope.kind === 'run' && !(await resolver.runMatches(scope.runId))) {
    // the run does not match: its artifacts need not be listed at all
    resolution.strategy = 'run'
    listing = { artifacts: [], missingIds: [] }
  } else {
    resolution.strategy = 'run'
    const all = await artifacts.listArtifacts(scope)
    listing = {
      ...all,
      artifacts: await resolver.keepMatching(all.artifacts, selection.criteria, filter)
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
  return { ...listing, resolution }
}

async function fromRepository(
  artifacts: PagedArtifactsApi,
  resolver: Resolver,
  scope: Extract<Scope, { kind: 'repository' }>,
  criteria: Criteria,
  filter: RunFilter
): Promise<Listing> {
  const probe = await resolver.nextPage()
  let first: FirstPage | undefined
  if (!resolver.capped) {
    // runs-first costs the run pages left plus one artifact list per run (at most total)
    const runsFirstCost = resolver.runPagesLeft() + probe.total
    // a single run's list is never dearer than any listing: no need to ask what the other costs
    if (runsFirstCost <= 1) return runsFirst(artifacts, resolver, scope)
    first = await artifacts.firstPage(scope)
    const artifactPagesLeft = Math.max(0, Math.ceil(first.total / ARTIFACTS_PER_PAGE) - 1)
    if (runsFirstCost <= artifactPagesLeft) return runsFirst(artifacts, resolver, scope)
  }
  resolver.resolution.strategy = 'join'
  const listing = await artifacts.listArtifacts(scope, first)
  return { ...listing, artifacts: await resolver.keepMatching(listing.artifacts, criteria, filter) }
}

async function runsFirst(
  artifacts: PagedArtifactsApi,
  resolver: Resolver,
  scope: Extract<Scope, { kind: 'repository' }>
): Promise<Listing> {
  resolver.resolution.strategy = 'runs-first'
  return { artifacts: await resolver.runsFirst(artifacts, scope.exactName), missingIds: [] }
}

/** Every run filter, checked locally on a run (the server applies the ones it can). */
export class RunFilter {
  readonly query: RunQuery
  private readonly branch?: (value: string) => boolean

  constructor(
    private readonly runs: RunCriteria,
    criteria: Criteria,
    private readonly pull?: PullRequestHead
  ) {
    const exactBranch =
      criteria.branch && !hasGlobSyntax(criteria.branch) ? criteria.branch : undefined
    const fullSha = criteria.commit?.length === 40 ? criteria.commit : undefined
    this.query = {
      workflow: runs.workflow,
      branch: exactBranch,
      event: runs.event,
      status: runs.conclusion,
      headSha: pull?.sha ?? fullSha
    }
    if (criteria.branch) this.branch = compileGlob(criteria.branch)
  }

  /** Whether the query is a search the API caps at 1,000 results (the workflow alone is not). */
  get isSearch(): boolean {
    const { branch, event, status, headSha } = this.query
    return [branch, event, status, headSha].some((v) => v !== undefined)
  }

  matches(run: WorkflowRun): boolean {
    const { workflow, conclusion, event } = this.runs
    const file = run.path.split('/').pop()
    return (
      (!workflow ||
        (/^\d+$/.test(workflow) ? run.workflowId === Number(workflow) : file === workflow)) &&
      (!conclusion || (run.status === 'completed' && run.conclusion === conclusion)) &&
      (!event || run.event === event) &&
      (!this.pull ||
        (run.headSha === this.pull.sha &&
          (this.pull.repositoryId === undefined ||
            run.headRepositoryId === this.pull.repositoryId))) &&
      (!this.branch || this.branch(run.headBranch ?? ''))
    )
  }

  /** The artifact-side part of the pull request filter (artifacts carry the head SHA). */
  matchesArtifact(artifact: Artifact): boolean {
    if (!this.pull) return true
    const run = artifact.workflowRun
    return (
      run.headSha === this.pull.sha &&
      (this.pull.repositoryId === undefined ||
        run.headRepositoryId === undefined ||
        run.headRepositoryId === this.pull.repositoryId)
    )
  }
}

/** Decides runs, from pages of the filtered listing and from lookups; remembers every run seen. */
class Resolver {
  private readonly known = new Map<number, WorkflowRun | null>()
  private pagesFetched = 0
  private total = 0
  private oldestListed = Infinity
  private readonly limit: ReturnType<typeof pLimit>

  constructor(
    private readonly api: RunsApi,
    private readonly filter: RunFilter,
    readonly resolution: RunResolution,
    concurrency: number
  ) {
    this.limit = pLimit(concurrency)
  }

  private readonly listedRuns = new Set<number>()

  /** Filtered and capped: the listing ends at 1,000 runs, older matching runs are not in it. */
  get capped(): boolean {
    return this.filter.isSearch && this.total >= FILTERED_RUNS_CAP
  }

  /** Pages of the filtered listing not fetched yet (the cap included). */
  runPagesLeft(): number {
    const listed = this.capped ? FILTERED_RUNS_CAP : this.total
    return Math.max(0, Math.ceil(listed / RUNS_PER_PAGE) - this.pagesFetched)
  }

  async nextPage(): Promise<{ total: number; runs: WorkflowRun[] }> {
    const page = await this.api.listRunsPage(this.filter.query, this.pagesFetched + 1)
    this.pagesFetched += 1
    this.resolution.requests.runPages += 1
    this.total = page.total
    for (const run of page.runs) {
      this.known.set(run.id, run)
      this.oldestListed = Math.min(this.oldestListed, run.id)
    }
    return page
  }

  /** Whether a run is decided: seen, or absent from a listing that covers it. */
  private decided(id: number): boolean {
    if (this.known.has(id)) return true
    // Run ids grow with time and the listing is newest first: a run newer than the oldest listed
    // one, yet not listed, does not match; once every page is in, no unlisted run matches.
    return (
      id > this.oldestListed || (this.pagesFetched > 0 && this.runPagesLeft() === 0 && !this.capped)
    )
  }

  private matching(id: number): boolean {
    const run = this.known.get(id)
    return run !== undefined && run !== null && this.filter.matches(run)
  }

  /** Looks one run up (once) and says whether it matches. */
  async runMatches(id: number): Promise<boolean> {
    if (!this.known.has(id)) await this.lookUp([id])
    return this.matching(id)
  }

  /** The artifacts (among those selection would consider) whose run matches. */
  async keepMatching(all: Artifact[], criteria: Criteria, filter: RunFilter): Promise<Artifact[]> {
    const identity = matchesIdentity(criteria)
    const candidates = all.filter(
      (a) => identity(a) && filter.matchesArtifact(a) && a.workflowRun.id !== undefined
    )
    const ids = [...new Set(candidates.map((a) => a.workflowRun.id as number))].sort(
      (a, b) => b - a
    )
    this.resolution.perRunCost = ids.length
    for (;;) {
      const undecided = ids.filter((id) => !this.decided(id))
      if (undecided.length === 0) break
      const pagesLeft = this.runPagesLeft()
      // A page decides every undecided run it reaches; a lookup decides one.
      if (pagesLeft > 0 && undecided.length > pagesLeft) await this.nextPage()
      else {
        await this.lookUp(undecided)
        break
      }
    }
    return candidates.filter((a) => this.matching(a.workflowRun.id as number))
  }

  private async lookUp(ids: number[]): Promise<void> {
    await Promise.all(
      ids.map((id) =>
        this.limit(async () => {
          this.resolution.requests.runLookups += 1
          this.known.set(id, (await this.api.getRun(id)) ?? null)
        })
      )
    )
  }

  /** Lists the rest of the filtered runs, then each matching run's artifacts, newest run first. */
  async runsFirst(artifacts: ArtifactsApi, exactName: string | undefined): Promise<Artifact[]> {
    const found: Artifact[] = []
    for (;;) {
      const todo = [...this.known.values()]
        .filter((r): r is WorkflowRun => r !== null && this.filter.matches(r))
        .filter((r) => !this.listedRuns.has(r.id))
        .sort((a, b) => b.id - a.id)
      const lists = await Promise.all(
        todo.map((run) => this.limit(() => this.runArtifacts(artifacts, run.id, exactName)))
      )
      found.push(...lists.flat())
      if (this.runPagesLeft() === 0) return found
      await this.nextPage()
    }
  }

  private async runArtifacts(
    artifacts: ArtifactsApi,
    runId: number,
    exactName?: string
  ): Promise<Artifact[]> {
    this.listedRuns.add(runId)
    this.resolution.requests.runArtifactLists += 1
    const listing = await artifacts.listArtifacts({ kind: 'run', runId, exactName })
    return listing.artifacts.filter((a) => this.filter.matchesArtifact(a))
  }
}

/**
 * When nothing matched a run-conclusion filter, whether runs still in progress are why: they have
 * no conclusion yet. One request (per_page=1), only when nothing was found.
 */
export async function explainNoneFound(
  runsApi: RunsApi,
  selection: RunSelection,
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

/**
 * Download's `latest` with one exact name: the newest artifact of that name that passes every
 * filter and whose run matches, without taking the whole list. Pages of the name-filtered listing
 * are read newest first, one at a time; candidates are checked newest first (their run looked up
 * once, cached) and the first that passes is the answer. GitHub serves the list newest first; each
 * page is checked to be in that order, and where it is not, every page is read before choosing.
 */
export async function findNewestByName(
  artifacts: PageByPageArtifactsApi,
  runsApi: RunsApi,
  selection: RunSelection & { scope: Exclude<Scope, { kind: 'ids' }> },
  passes: (candidates: Artifact[]) => Artifact[]
): Promise<RunListing> {
  const { scope } = selection
  const strategy = selection.runs ? 'join' : 'none'
  const { resolution, resolver } = await startResolution(runsApi, selection, strategy)
  const seen: Artifact[] = []
  let ordered = true
  for (let page = 1; ; page++) {
    const { total, artifacts: batch } = await artifacts.listPage(scope, page)
    ordered &&= isNewestFirst([...seen.slice(-1), ...batch])
    seen.push(...batch)
    const last = batch.length < 100 || seen.length >= total
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

/**
 * The resolution's bookkeeping, and with run criteria the filter (the pull request's head looked
 * up first, one request) and the resolver that answers "does this run match", cached.
 */
async function startResolution(
  runsApi: RunsApi,
  selection: RunSelection,
  strategy: RunResolution['strategy']
): Promise<{ resolution: RunResolution; filter?: RunFilter; resolver?: Resolver }> {
  const resolution: RunResolution = {
    strategy,
    requests: { pull: 0, runPages: 0, runLookups: 0, runArtifactLists: 0 },
    perRunCost: 0
  }
  const { runs } = selection
  if (!runs) return { resolution }
  const pull = runs.pullRequest ? await runsApi.getPullRequest(runs.pullRequest) : undefined
  if (pull) resolution.requests.pull = 1
  const filter = new RunFilter(runs, selection.criteria, pull)
  resolution.query = filter.query
  return {
    resolution,
    filter,
    resolver: new Resolver(runsApi, filter, resolution, selection.concurrency)
  }
}

function isNewestFirst(list: Artifact[]): boolean {
  return list.every((a, i) => i === 0 || newestFirst(list[i - 1], a) <= 0)
}
