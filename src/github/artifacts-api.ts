import type { Artifact } from '../artifact.js'
import { ActionError } from '../errors.js'
import type { Scope } from '../settings.js'
import type { Octokit } from './client.js'
import { ReserveReachedError, classifyError, describeRequestError, statusOf } from './errors.js'
import { walkPages } from './page-walk.js'
import { PER_PAGE } from './paging.js'
import {
  ResponseShapeError,
  type WireArtifactList,
  checkArtifact,
  checkArtifactList
} from './validate.js'

/** An artifact as the REST API sends it (what `checkArtifact` returns is one). */
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
    head_branch?: string | null
    head_sha?: string
  } | null
}

/** A listing's scope that is a list (not ids fetched one by one). */
export type ListScope = Exclude<Scope, { kind: 'ids' }>

/** The result of listing: the artifacts, and the requested ids that did not exist. */
export interface Listing {
  artifacts: Artifact[]
  missingIds: number[]
  /**
   * Set when the listing was cut: the API kept serving full pages past what its total_count
   * announced (plus a few), so older artifacts may be missing. Says so in words for the log.
   */
  cut?: string
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
      headBranch: run.head_branch ?? undefined,
      headSha: run.head_sha
    }
  }
}

/** Page 1's answer, kept so that the rest of the listing can carry on from it. */
type Page = WireArtifactList

/** ArtifactsApi over Octokit's typed REST methods. Concurrency is bounded by the client's Traffic. */
export class OctokitArtifactsApi implements ArtifactsApi {
  constructor(
    private readonly octokit: Octokit,
    private readonly owner: string,
    private readonly repo: string,
    /** pages asked for at once (the client's concurrency bound) */
    private readonly window = 4
  ) {}

  async listArtifacts(scope: Scope): Promise<Listing> {
    if (scope.kind === 'ids') return this.getArtifacts(scope.ids)
    return this.listAll(scope)
  }

  async startListing(scope: ListScope): Promise<StartedListing> {
    const first = await this.fetchPage(scope, 1)
    return { total: first.total_count, finish: () => this.listAll(scope, first) }
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
   * Takes the whole list with `walkPages` (src/github/page-walk.ts): page 1's total_count is a
   * claim that sets a budget of pages (what it implies plus a few), pages are read a window at a
   * time (the client's concurrency bound), the first short page ends the listing, and each id is
   * kept once. Artifacts uploaded meanwhile push older ones to later pages; a page served with a
   * smaller total than the page before it is read again. A server whose pages stay full past the
   * budget gets a `cut` listing: the newest artifacts only, older ones left alone (the safe
   * direction for delete), and the step says so.
   */
  private async listAll(scope: ListScope, page1?: Page): Promise<Listing> {
    let first: Page | undefined = page1
    try {
      first ??= await this.fetchPage(scope, 1)
      const toPage = (p: Page): { total: number; items: WireArtifact[] } => ({
        total: p.total_count,
        items: p.artifacts
      })
      const walk = await walkPages(
        async (page) => toPage(await this.fetchPage(scope, page)),
        (artifact) => artifact.id,
        { perPage: PER_PAGE, window: this.window },
        toPage(first)
      )
      const listing: Listing = { artifacts: walk.items.map(toArtifact), missingIds: [] }
      if (walk.end === 'budget')
        listing.cut =
          `The API kept returning full pages of ${this.endpoint(scope)} past the ${walk.claimed} ` +
          `artifact(s) it announced; listing stopped after ${walk.items.length}. Older artifacts ` +
          'were left alone; run the step again later.'
      return listing
    } catch (error) {
      if (error instanceof ReserveReachedError) throw error.withPending(first?.total_count)
      throw error
    }
  }

  /** The endpoint a listing reads, for messages. */
  private endpoint(scope: ListScope): string {
    const base = `GET /repos/${this.owner}/${this.repo}/actions`
    return scope.kind === 'run' ? `${base}/runs/${scope.runId}/artifacts` : `${base}/artifacts`
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
      return checkArtifactList(response.data, `${this.endpoint(scope)} (page ${page})`)
    } catch (error) {
      if (error instanceof ResponseShapeError) throw error
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
          return toArtifact(
            checkArtifact(
              response.data,
              `GET /repos/${this.owner}/${this.repo}/actions/artifacts/${id}`
            )
          )
        } catch (error) {
          if (error instanceof ResponseShapeError) throw error
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
