import type { Artifact } from '../src/artifact.js'
import { newestFirst } from '../src/artifact.js'
import type {
  ArtifactPage,
  ArtifactsApi,
  DownloadLink,
  ListScope,
  Listing,
  StartedListing
} from '../src/github/artifacts-api.js'
import { PER_PAGE } from '../src/github/paging.js'
import type { Traffic } from '../src/github/traffic.js'
import type { Clock } from '../src/log.js'
import type { Scope } from '../src/settings.js'
import { primaryRateLimited } from './http-error.js'

/** The primary rate limit the fake enforces, as GitHub's headers describe it. */
export interface FakeRateLimit {
  limit: number
  remaining: number
  /** Reset time, seconds since the epoch. */
  reset: number
}

export interface FakeApiOptions {
  /** Timestamps calls and spends `latencyMs` of its time per request. */
  clock?: Clock
  /** Fake time each request takes (needs `clock`). */
  latencyMs?: number
  /** When set, every request spends one and a request at 0 fails with a rate-limited 403. */
  rateLimit?: FakeRateLimit
  /**
   * The traffic control every request passes, as src/github/client.ts's hook does: the one
   * concurrency bound, write pacing, the primary budget (told each response's headers).
   */
  traffic?: Traffic
}

const noop = (): void => undefined

/** One DELETE the fake received. */
export interface DeleteCall {
  id: number
  /** Clock time when the request started. */
  at: number
}

/**
 * An in-memory ArtifactsApi, all of it: artifacts live in a Map, listed newest first in pages of
 * PER_PAGE, deletes remove them, download links point at `blobUrl(id)`, and failures can be
 * scripted per artifact id. Records every call, and the most requests it ever had in flight.
 */
export class FakeArtifactsApi implements ArtifactsApi {
  readonly artifacts = new Map<number, Artifact>()
  readonly listCalls: Scope[] = []
  readonly deleteCalls: DeleteCall[] = []
  /** Pages asked for one by one (startListing, listPage), by scope kind and page number. */
  readonly pageCalls: { scope: ListScope; page: number }[] = []
  readonly downloadUrlCalls: number[] = []
  /** Ids whose download answers 410 (expired). */
  readonly expiredBlobs = new Set<number>()
  maxInFlight = 0
  /** The traffic control in front of the fake (options.traffic, or set later). */
  traffic?: Traffic
  private inFlight = 0
  private readonly failures = new Map<number, Error[]>()

  constructor(
    artifacts: Artifact[] = [],
    private readonly options: FakeApiOptions = {}
  ) {
    for (const a of artifacts) this.artifacts.set(a.id, a)
    this.traffic = options.traffic
  }

  /** The scripted rate limit's headers now, as the last response would have carried them. */
  rateLimitHeaders(): Record<string, string> | undefined {
    return this.options.rateLimit && this.headers(this.options.rateLimit)
  }

  /** The next deletes of `id` throw these errors, one per request, in order. */
  failDelete(id: number, ...errors: Error[]): this {
    this.failures.set(id, [...(this.failures.get(id) ?? []), ...errors])
    return this
  }

  /** The ids of the DELETE requests, in the order they started. */
  get deletedIds(): number[] {
    return this.deleteCalls.map((call) => call.id)
  }

  /** Where the fake's download link for `id` points. */
  static blobUrl(id: number): string {
    return `https://blobs.example.test/${id}.zip?sig=secret`
  }

  async listArtifacts(scope: Scope): Promise<Listing> {
    this.listCalls.push(scope)
    return this.request('GET', noop, () => {
      if (scope.kind === 'ids') {
        const found = scope.ids.filter((id) => this.artifacts.has(id))
        return {
          artifacts: found.map((id) => this.artifacts.get(id) as Artifact),
          missingIds: scope.ids.filter((id) => !this.artifacts.has(id))
        }
      }
      return { artifacts: this.inScope(scope), missingIds: [] }
    })
  }

  async startListing(scope: ListScope): Promise<StartedListing> {
    const first = await this.listPage(scope, 1)
    return {
      total: first.total,
      firstPage: first.artifacts,
      // The rest in one go: page 1 is not asked for again.
      finish: () => this.listArtifacts(scope)
    }
  }

  async listPage(scope: ListScope, page: number): Promise<ArtifactPage> {
    this.pageCalls.push({ scope, page })
    return this.request('GET', noop, () => {
      // Pages are served newest first, as GitHub does.
      const all = this.inScope(scope).sort(newestFirst)
      return { total: all.length, artifacts: all.slice((page - 1) * PER_PAGE, page * PER_PAGE) }
    })
  }

  async getDownloadUrl(id: number): Promise<DownloadLink> {
    this.downloadUrlCalls.push(id)
    return this.request('GET', noop, () => {
      if (this.expiredBlobs.has(id)) return { kind: 'expired' }
      if (!this.artifacts.has(id)) return { kind: 'gone' }
      return { kind: 'url', url: FakeArtifactsApi.blobUrl(id) }
    })
  }

  async deleteArtifact(id: number): Promise<'deleted' | 'gone'> {
    const start = (): void => {
      this.deleteCalls.push({ id, at: this.options.clock?.now() ?? 0 })
    }
    return this.request('DELETE', start, () => {
      const failure = this.failures.get(id)?.shift()
      if (failure) throw failure
      return this.artifacts.delete(id) ? 'deleted' : 'gone'
    })
  }

  /** The artifacts of a list scope, in the order they were given (the API's order is not trusted). */
  private inScope(scope: ListScope): Artifact[] {
    return [...this.artifacts.values()].filter(
      (a) =>
        (scope.kind === 'repository' || a.workflowRun.id === scope.runId) &&
        (scope.exactName === undefined || a.name === scope.exactName)
    )
  }

  /**
   * One request: admitted by the traffic control (when given), answered after `latencyMs` of
   * fake time, its rate-limit headers settled with the traffic control, as the client does.
   */
  private async request<T>(method: string, start: () => void, answer: () => T): Promise<T> {
    const traffic = this.traffic
    const ticket = await traffic?.admit(method)
    start()
    this.inFlight += 1
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight)
    try {
      const { clock, latencyMs } = this.options
      if (clock && latencyMs) await clock.sleep(latencyMs)
      const headers = this.spendRateLimit()
      const response = answer()
      if (ticket) traffic?.settle(ticket, { ok: true, response: { headers } })
      return response
    } catch (error) {
      if (ticket) traffic?.settle(ticket, { ok: false, error })
      throw error
    } finally {
      this.inFlight -= 1
    }
  }

  /** Spends one request of the scripted rate limit; throws the 403 GitHub sends at 0. */
  private spendRateLimit(): Record<string, string> | undefined {
    const rate = this.options.rateLimit
    if (!rate) return undefined
    if (rate.remaining <= 0) throw primaryRateLimited(rate.reset)
    rate.remaining -= 1
    return this.headers(rate)
  }

  private headers(rate: FakeRateLimit): Record<string, string> {
    return {
      'x-ratelimit-limit': String(rate.limit),
      'x-ratelimit-remaining': String(rate.remaining),
      'x-ratelimit-reset': String(rate.reset)
    }
  }
}
