import type { Artifact } from '../artifact.js'
import type { ArtifactsApi } from '../github/artifacts-api.js'
import { FILTERED_RUNS_CAP, type RunsApi, type WorkflowRun } from '../github/runs-api.js'
import { lastPageAllowed } from '../github/page-walk.js'
import { PER_PAGE } from '../github/paging.js'
import { RunFilter } from './run-filter.js'
import type { RunResolution, RunSelection } from './types.js'

/** Decides runs, from pages of the filtered listing and from lookups; remembers every run seen. */
export class Resolver {
  private readonly known = new Map<number, WorkflowRun | null>()
  private pagesFetched = 0
  private total = 0
  private oldestListed = Infinity
  /** the last page the walk may ask for, from page 1's total_count (a claim, not a plan) */
  private budget = Infinity
  /** a short page came: the listing has ended, whatever total_count says */
  private ended = false
  /** pages were still full when the budget ran out: older runs were not listed */
  private fullAtBudget = false
  /** set when runs-first could not list every run (pages still full at the budget) */
  cut?: string
  constructor(
    private readonly api: RunsApi,
    private readonly filter: RunFilter,
    readonly resolution: RunResolution
  ) {}

  private readonly listedRuns = new Set<number>()

  /** Filtered and capped: the listing ends at 1,000 runs, older matching runs are not in it. */
  get capped(): boolean {
    return this.filter.isSearch && this.total >= FILTERED_RUNS_CAP
  }

  /** Pages of the filtered listing not fetched yet (the cap included). */
  runPagesLeft(): number {
    if (this.ended) return 0
    const listed = this.capped ? FILTERED_RUNS_CAP : this.total
    const pages = Math.min(Math.ceil(listed / PER_PAGE), this.budget)
    return Math.max(0, pages - this.pagesFetched)
  }

  async nextPage(): Promise<{ total: number; runs: WorkflowRun[] }> {
    const page = await this.api.listRunsPage(this.filter.query, this.pagesFetched + 1)
    this.pagesFetched += 1
    this.resolution.requests.runPages += 1
    this.total = page.total
    if (this.pagesFetched === 1)
      this.budget = lastPageAllowed(page.total, { perPage: PER_PAGE, window: 1 })
    for (const run of page.runs) {
      this.known.set(run.id, run)
      this.oldestListed = Math.min(this.oldestListed, run.id)
    }
    if (page.runs.length < PER_PAGE) this.ended = true
    else if (this.pagesFetched >= this.budget && !this.capped) this.fullAtBudget = true
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

  /** Every run seen while resolving (listed or looked up): the report names runs from these. */
  knownRuns(): WorkflowRun[] {
    return [...this.known.values()].filter((r): r is WorkflowRun => r !== null)
  }

  /** Looks one run up (once) and says whether it matches. */
  async runMatches(id: number): Promise<boolean> {
    if (!this.known.has(id)) await this.lookUp([id])
    return this.matching(id)
  }

  /** The artifacts (among those selection would consider) whose run matches. */
  async keepMatching(all: Artifact[], inQuestion: (a: Artifact) => boolean): Promise<Artifact[]> {
    const candidates = all.filter(
      (a) => inQuestion(a) && this.filter.matchesArtifact(a) && a.workflowRun.id !== undefined
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
      ids.map(async (id) => {
        this.resolution.requests.runLookups += 1
        this.known.set(id, (await this.api.getRun(id)) ?? null)
      })
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
        todo.map((run) => this.runArtifacts(artifacts, run.id, exactName))
      )
      found.push(...lists.flat())
      if (this.runPagesLeft() > 0) {
        await this.nextPage()
        continue
      }
      // lookups decide what pages did not (join); runs-first relies on the pages alone
      if (this.fullAtBudget)
        this.cut ??=
          `The API kept returning full pages of workflow runs past the ${this.total} run(s) it ` +
          `announced; run listing stopped after ${this.pagesFetched} pages. Artifacts of older ` +
          'runs were left alone; run the step again later.'
      return found
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
    this.cut ??= listing.cut
    return listing.artifacts.filter((a) => this.filter.matchesArtifact(a))
  }
}

/**
 * The resolution's bookkeeping, and with run criteria the filter (the pull request's head looked
 * up first, one request) and the resolver that answers "does this run match", cached.
 */
export async function startResolution(
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
    resolver: new Resolver(runsApi, filter, resolution)
  }
}
