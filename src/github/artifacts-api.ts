import pLimit from 'p-limit'
import type { Artifact } from '../artifact.js'
import type { Scope } from '../settings.js'
import type { Octokit } from './client.js'
import { ReserveReachedError, describeRequestError, statusOf } from './errors.js'

const PER_PAGE = 100

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

/** One page of a list response. */
interface Page {
  total_count: number
  artifacts: WireArtifact[]
}

/** The result of listing: the artifacts, and the requested ids that did not exist. */
export interface Listing {
  artifacts: Artifact[]
  missingIds: number[]
}

/** What the operations need from GitHub. */
export interface ArtifactsApi {
  /** Takes the whole list of the scope (never acts while paging). */
  listArtifacts(scope: Scope): Promise<Listing>
  /** Deletes one artifact: 'deleted' on 204, 'gone' on 404. Throws on anything else. */
  deleteArtifact(id: number): Promise<'deleted' | 'gone'>
}

/** Converts the API's snake_case artifact into the domain's. */
export function toArtifact(wire: WireArtifact): Artifact {
  const run = wire.workflow_run ?? {}
  return {
    id: wire.id,
    name: wire.name,
    sizeInBytes: wire.size_in_bytes,
    createdAt: new Date(wire.created_at ?? 0),
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

/** ArtifactsApi over Octokit. */
export class OctokitArtifactsApi implements ArtifactsApi {
  private readonly limit: ReturnType<typeof pLimit>

  constructor(
    private readonly octokit: Octokit,
    private readonly owner: string,
    private readonly repo: string,
    concurrency: number
  ) {
    this.limit = pLimit(concurrency)
  }

  async listArtifacts(scope: Scope): Promise<Listing> {
    if (scope.kind === 'ids') return this.getArtifacts(scope.ids)
    const route =
      scope.kind === 'run'
        ? `GET /repos/{owner}/{repo}/actions/runs/${scope.runId}/artifacts`
        : 'GET /repos/{owner}/{repo}/actions/artifacts'
    const params: Record<string, string> = scope.exactName ? { name: scope.exactName } : {}
    const wire = await this.listAllPages(route, params)
    return { artifacts: wire.map(toArtifact), missingIds: [] }
  }

  async deleteArtifact(id: number): Promise<'deleted' | 'gone'> {
    try {
      await this.octokit.request('DELETE /repos/{owner}/{repo}/actions/artifacts/{artifact_id}', {
        owner: this.owner,
        repo: this.repo,
        artifact_id: id
      })
      return 'deleted'
    } catch (error) {
      if (statusOf(error) === 404) return 'gone'
      throw error
    }
  }

  /**
   * Takes the whole list: page 1, then every other page that `total_count` announces,
   * concurrently (within `concurrency`). Artifacts uploaded meanwhile push older ones to later
   * pages; fetched out of order, that can open a gap between two pages. Each page's `total_count`
   * tells how many artifacts existed when it was served: when a page saw more than the page after
   * it, uploads landed in between and that later page is fetched again (it then overlaps instead).
   * Then it keeps going while the last page is full, and removes duplicates by id. New artifacts
   * in the list are harmless: they are newer than any cut-off, and each id is acted on once.
   */
  private async listAllPages(
    route: string,
    params: Record<string, string>
  ): Promise<WireArtifact[]> {
    let first: Page | undefined
    try {
      first = await this.fetchPage(route, params, 1)
      const pages = Math.ceil(first.total_count / PER_PAGE)
      const rest = await Promise.all(
        Array.from({ length: Math.max(0, pages - 1) }, (_, i) =>
          this.limit(() => this.fetchPage(route, params, i + 2))
        )
      )
      const all = [first, ...rest]
      for (let i = 1; i < all.length; i++) {
        if (all[i - 1].total_count > all[i].total_count)
          all[i] = await this.fetchPage(route, params, i + 1)
      }
      while (all[all.length - 1].artifacts.length === PER_PAGE)
        all.push(await this.fetchPage(route, params, all.length + 1))
      const byId = new Map<number, WireArtifact>()
      for (const { artifacts } of all)
        for (const artifact of artifacts)
          if (!byId.has(artifact.id)) byId.set(artifact.id, artifact)
      return [...byId.values()]
    } catch (error) {
      if (error instanceof ReserveReachedError) error.pending = first?.total_count
      throw error
    }
  }

  private async fetchPage(
    route: string,
    params: Record<string, string>,
    page: number
  ): Promise<Page> {
    try {
      const response = await this.octokit.request(route, {
        owner: this.owner,
        repo: this.repo,
        per_page: PER_PAGE,
        page,
        ...params
      })
      return response.data as Page
    } catch (error) {
      throw describeRequestError(error, `${this.owner}/${this.repo}`)
    }
  }

  private async getArtifacts(ids: number[]): Promise<Listing> {
    const missingIds: number[] = []
    const found = await Promise.all(
      ids.map((id) =>
        this.limit(async () => {
          try {
            const response = await this.octokit.request(
              'GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}',
              { owner: this.owner, repo: this.repo, artifact_id: id }
            )
            return toArtifact(response.data as WireArtifact)
          } catch (error) {
            if (statusOf(error) !== 404)
              throw describeRequestError(error, `${this.owner}/${this.repo}`)
            missingIds.push(id)
            return undefined
          }
        })
      )
    )
    return { artifacts: found.filter((a): a is Artifact => a !== undefined), missingIds }
  }
}
