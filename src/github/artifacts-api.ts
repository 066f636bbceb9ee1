import type { Artifact } from '../artifact.js'
import { ActionError } from '../errors.js'
import type { Scope } from '../settings.js'
import type { Octokit } from './client.js'
import { ReserveReachedError, classifyError, describeRequestError, statusOf } from './errors.js'
import { PER_PAGE } from './paging.js'

/** An artifact as the REST API sends it. */
export interface WireArtifact {
  id: number
  name: string
  size_in_bytes: number
  expired: boolean
  created_at: string | null
  expires_at?: string | null
  digest?: string | null
  workflow_run?: {
    id?: number
    repository_id?: number
    head_repository_id?: number
    head_branch?: string
    head_sha?: string
  } | null
}

/** A listing's scope that is a list (not ids fetched one by one). */
export type ListScope = Exclude<Scope, { kind: 'ids' }>

/** The result of listing: the artifacts, and the requested ids that did not exist. */
export interface Listing {
  artifacts: Artifact[]
  missingIds: number[]
}

/** One page of a listing, as the API served it (newest first, not trusted for correctness). */
export interface ArtifactPage {
  /** The listing's total_count when this page was served. */
  total: number
  artifacts: Artifact[]
}

/** A listing whose page 1 is in: its total is known (for a cost estimate); `finish` takes the rest. */
export interface StartedListing {
  total: number
  /** Page 1's artifacts (newest first on GitHub), when the implementation keeps them. */
  firstPage?: Artifact[]
  /** The whole list, page 1 included (page 1 is not asked for again). */
  finish(): Promise<Listing>
}

/** Where an artifact's bytes are: a short-lived signed URL, or why there is none. */
export type DownloadLink = { kind: 'url'; url: string } | { kind: 'expired' } | { kind: 'gone' }

/** Everything the action asks GitHub about artifacts. `__fixtures__/fake-artifacts-api.ts` fakes all of it. */
export interface ArtifactsApi {
  /** Takes the whole list of the scope (never acts while paging); ids are fetched one by one. */
  listArtifacts(scope: Scope): Promise<Listing>
  /** Page 1 of a listing, and a way to take the rest without asking for page 1 again. */
  startListing(scope: ListScope): Promise<StartedListing>
  /** One page (of PER_PAGE) of a listing, for answers that can stop early. */
  listPage(scope: ListScope, page: number): Promise<ArtifactPage>
  /** Deletes one artifact: 'deleted' on 204, 'gone' on 404. Throws on anything else. */
  deleteArtifact(id: number): Promise<'deleted' | 'gone'>
  /**
   * Asks "Download an artifact" for its 302 without following it: the Location is a signed URL
   * valid about a minute. 410 → expired, 404 → gone. Throws on anything else.
   */
  getDownloadUrl(id: number): Promise<DownloadLink>
}

/** Converts the API's snake_case artifact into the domain's. */
export function toArtifact(wire: WireArtifact): Artifact {
  const run = wire.workflow_run ?? {}
  return {
    id: wire.id,
    name: wire.name,
    sizeInBytes: wire.size_in_bytes,
    createdAt: wire.created_at ? new Date(wire.created_at) : undefined,
    expiresAt: wire.expires_at ? new Date(wire.expires_at) : undefined,
    expired: wire.expired,
    digest: wire.digest ?? undefined,
    workflowRun: {
      id: run.id,
      repositoryId: run.repository_id,
      headRepositoryId: run.head_repository_id,
      headBranch: run.head_branch,
      headSha: run.head_sha
    }
  }
}

/** Page 1's answer, kept so that the rest of the listing can carry on from it. */
interface Page {
  total_count: number
  artifacts: WireArtifact[]
}

/** ArtifactsApi over Octokit's typed REST methods. Concurrency is bounded by the client's Traffic. */
export class OctokitArtifactsApi implements ArtifactsApi {
  constructor(
    private readonly octokit: Octokit,
    private readonly owner: string,
    private readonly repo: string
  ) {}

  async listArtifacts(scope: Scope): Promise<Listing> {
    if (scope.kind === 'ids') return this.getArtifacts(scope.ids)
    return this.listAll(scope)
  }

  async startListing(scope: ListScope): Promise<StartedListing> {
    const first = await this.fetchPage(scope, 1)
    return {
      total: first.total_count,
      firstPage: first.artifacts.map(toArtifact),
      finish: () => this.listAll(scope, first)
    }
  }

  async listPage(scope: ListScope, page: number): Promise<ArtifactPage> {
    const data = await this.fetchPage(scope, page)
    return { total: data.total_count, artifacts: data.artifacts.map(toArtifact) }
  }

  async deleteArtifact(id: number): Promise<'deleted' | 'gone'> {
    try {
      await this.octokit.rest.actions.deleteArtifact({
        owner: this.owner,
        repo: this.repo,
        artifact_id: id
      })
      return 'deleted'
    } catch (error) {
      if (classifyError(error).kind === 'not-found') return 'gone'
      throw error
    }
  }

  async getDownloadUrl(id: number): Promise<DownloadLink> {
    try {
      const response = await this.octokit.rest.actions.downloadArtifact({
        owner: this.owner,
        repo: this.repo,
        artifact_id: id,
        archive_format: 'zip',
        // The signed URL must be fetched without the token: never let fetch follow it.
        request: { redirect: 'manual' }
      })
      const location = response.headers.location
      const status = response.status as number
      if (status < 300 || status > 399 || !location) {
        throw new Error(
          `Download an artifact answered ${status} without a redirect for artifact ${id}`
        )
      }
      return {
        kind: 'url',
        url: new URL(location, this.octokit.request.endpoint.DEFAULTS.baseUrl).href
      }
    } catch (error) {
      const status = statusOf(error)
      if (status === 410) return { kind: 'expired' }
      if (status === 404) return { kind: 'gone' }
      throw describeRequestError(error, `${this.owner}/${this.repo}`)
    }
  }

  /**
   * Takes the whole list: page 1, then every other page that `total_count` announces,
   * concurrently (bounded by the client). Artifacts uploaded meanwhile push older ones to later
   * pages; fetched out of order, that can open a gap between two pages. Each page's `total_count`
   * tells how many artifacts existed when it was served: when a page saw more than the page after
   * it, uploads landed in between and that later page is fetched again (it then overlaps instead).
   * Then it keeps going while the last page is full, and removes duplicates by id. New artifacts
   * in the list are harmless: they are newer than any cut-off, and each id is acted on once.
   */
  private async listAll(scope: ListScope, page1?: Page): Promise<Listing> {
    let first: Page | undefined = page1
    try {
      first ??= await this.fetchPage(scope, 1)
      const pages = Math.ceil(first.total_count / PER_PAGE)
      const rest = await Promise.all(
        Array.from({ length: Math.max(0, pages - 1) }, (_, i) => this.fetchPage(scope, i + 2))
      )
      const all = [first, ...rest]
      for (let i = 1; i < all.length; i++) {
        if (all[i - 1].total_count > all[i].total_count) all[i] = await this.fetchPage(scope, i + 1)
      }
      // A full last page means more only when some page announced more than the pages hold.
      const announced = (): number => Math.max(...all.map((page) => page.total_count))
      while (
        all[all.length - 1].artifacts.length === PER_PAGE &&
        announced() > all.length * PER_PAGE
      )
        all.push(await this.fetchPage(scope, all.length + 1))
      const byId = new Map<number, WireArtifact>()
      for (const { artifacts } of all)
        for (const artifact of artifacts)
          if (!byId.has(artifact.id)) byId.set(artifact.id, artifact)
      return { artifacts: [...byId.values()].map(toArtifact), missingIds: [] }
    } catch (error) {
      if (error instanceof ReserveReachedError) throw error.withPending(first?.total_count)
      throw error
    }
  }

  private async fetchPage(scope: ListScope, page: number): Promise<Page> {
    const params = {
      owner: this.owner,
      repo: this.repo,
      per_page: PER_PAGE,
      page,
      ...(scope.exactName ? { name: scope.exactName } : {})
    }
    try {
      const response =
        scope.kind === 'run'
          ? await this.octokit.rest.actions.listWorkflowRunArtifacts({
              ...params,
              run_id: scope.runId
            })
          : await this.octokit.rest.actions.listArtifactsForRepo(params)
      return response.data
    } catch (error) {
      if (scope.kind === 'run' && statusOf(error) === 404) {
        throw new ActionError(
          `Workflow run ${scope.runId} was not found in ${this.owner}/${this.repo} (404): check the ` +
            "'run-id' input (and 'repository', when the run belongs to another repository)."
        )
      }
      throw describeRequestError(error, `${this.owner}/${this.repo}`)
    }
  }

  private async getArtifacts(ids: number[]): Promise<Listing> {
    const missingIds: number[] = []
    const found = await Promise.all(
      ids.map(async (id) => {
        try {
          const response = await this.octokit.rest.actions.getArtifact({
            owner: this.owner,
            repo: this.repo,
            artifact_id: id
          })
          return toArtifact(response.data)
        } catch (error) {
          if (statusOf(error) !== 404)
            throw describeRequestError(error, `${this.owner}/${this.repo}`)
          missingIds.push(id)
          return undefined
        }
      })
    )
    return { artifacts: found.filter((a): a is Artifact => a !== undefined), missingIds }
  }
}
