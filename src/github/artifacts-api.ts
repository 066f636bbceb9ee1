import pLimit from 'p-limit'
import type { Artifact } from '../artifact.js'
import { ActionError } from '../errors.js'
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

/** Page 1 of a listing: listArtifacts can carry on from it without asking for it again. */
export interface FirstPage {
  /** The listing's total_count. */
  total: number
  scope: Scope
  wire: WireArtifact[]
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

/** Where an artifact's bytes are: a short-lived signed URL, or why there is none. */
export type DownloadLink = { kind: 'url'; url: string } | { kind: 'expired' } | { kind: 'gone' }

/** What download needs from GitHub: a fresh signed URL for an artifact, asked for each attempt. */
export interface DownloadUrlSource {
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
    // No creation time: taken as new, so no age filter selects it and delete reaches it last.
    createdAt: wire.created_at ? new Date(wire.created_at) : new Date(),
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

function listRoute(scope: Exclude<Scope, { kind: 'ids' }>): [string, Record<string, string>] {
  const route =
    scope.kind === 'run'
      ? `GET /repos/{owner}/{repo}/actions/runs/${scope.runId}/artifacts`
      : 'GET /repos/{owner}/{repo}/actions/artifacts'
  return [route, scope.exactName ? { name: scope.exactName } : {}]
}

/** ArtifactsApi over Octokit. */
export class OctokitArtifactsApi implements ArtifactsApi, DownloadUrlSource {
  private readonly limit: ReturnType<typeof pLimit>

  constructor(
    private readonly octokit: Octokit,
    private readonly owner: string,
    private readonly repo: string,
    concurrency: number
  ) {
    this.limit = pLimit(concurrency)
  }

  async listArtifacts(scope: Scope, first?: FirstPage): Promise<Listing> {
    if (scope.kind === 'ids') return this.getArtifacts(scope.ids)
    const [route, params] = listRoute(scope)
    const page1 = first?.scope === scope ? first : undefined
    const wire = await this.listAllPages(
      route,
      params,
      page1 && { total_count: page1.total, artifacts: page1.wire }
    )
    return { artifacts: wire.map(toArtifact), missingIds: [] }
  }

  /** Page 1 of a run's or the repository's listing: how many artifacts there are, for a cost estimate. */
  async firstPage(scope: Exclude<Scope, { kind: 'ids' }>): Promise<FirstPage> {
    const [route, params] = listRoute(scope)
    const page = await this.fetchPage(route, params, 1)
    return { total: page.total_count, scope, wire: page.artifacts }
  }

  /** One page (of 100) of a listing, newest first as the API serves it. */
  async listPage(
    scope: Exclude<Scope, { kind: 'ids' }>,
    page: number
  ): Promise<{ total: number; artifacts: Artifact[] }> {
    const [route, params] = listRoute(scope)
    const data = await this.fetchPage(route, params, page)
    return { total: data.total_count, artifacts: data.artifacts.map(toArtifact) }
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

  async getDownloadUrl(id: number): Promise<DownloadLink> {
    try {
      const response = await this.octokit.request(
        'GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}',
        {
          owner: this.owner,
          repo: this.repo,
          artifact_id: id,
          archive_format: 'zip',
          // The signed URL must be fetched without the token: never let fetch follow it.
          request: { redirect: 'manual' }
        }
      )
      const location = (response.headers as Record<string, string | undefined>).location
      if (response.status < 300 || response.status > 399 || !location) {
        throw new Error(
          `Download an artifact answered ${response.status} without a redirect for artifact ${id}`
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
   * concurrently (within `concurrency`). Artifacts uploaded meanwhile push older ones to later
   * pages; fetched out of order, that can open a gap between two pages. Each page's `total_count`
   * tells how many artifacts existed when it was served: when a page saw more than the page after
   * it, uploads landed in between and that later page is fetched again (it then overlaps instead).
   * Then it keeps going while the last page is full, and removes duplicates by id. New artifacts
   * in the list are harmless: they are newer than any cut-off, and each id is acted on once.
   */
  private async listAllPages(
    route: string,
    params: Record<string, string>,
    page1?: { total_count: number; artifacts: WireArtifact[] }
  ): Promise<WireArtifact[]> {
    let first: Page | undefined = page1
    try {
      first ??= await this.fetchPage(route, params, 1)
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
      // A full last page means more only when some page announced more than the pages hold.
      const announced = (): number => Math.max(...all.map((page) => page.total_count))
      while (
        all[all.length - 1].artifacts.length === PER_PAGE &&
        announced() > all.length * PER_PAGE
      )
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
      const run = /\/actions\/runs\/(\d+)\/artifacts$/.exec(route)
      if (run && statusOf(error) === 404) {
        throw new ActionError(
          `Workflow run ${run[1]} was not found in ${this.owner}/${this.repo} (404): check the ` +
            "'run-id' input (and 'repository', when the run belongs to another repository)."
        )
      }
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
