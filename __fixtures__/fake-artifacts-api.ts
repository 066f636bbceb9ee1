import type { Artifact } from '../src/artifact.js'
import type { ArtifactsApi, Listing } from '../src/github/artifacts-api.js'
import type { RateBudget } from '../src/github/rate-budget.js'
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
  /** Told each response's rate-limit headers, as src/github/client.ts's hook does. */
  budget?: RateBudget
}

/** One DELETE the fake received. */
export interface DeleteCall {
  id: number
  /** Clock time when the request started. */
  at: number
}

/**
 * An in-memory ArtifactsApi: artifacts live in a Map, deletes remove them, and failures can be
 * scripted per artifact id. Records every call, and the most requests it ever had in flight.
 */
export class FakeArtifactsApi implements ArtifactsApi {
  readonly artifacts = new Map<number, Artifact>()
  readonly listCalls: Scope[] = []
  readonly deleteCalls: DeleteCall[] = []
  maxInFlight = 0
  private inFlight = 0
  private readonly failures = new Map<number, Error[]>()

  constructor(
    artifacts: Artifact[] = [],
    private readonly options: FakeApiOptions = {}
  ) {
    for (const a of artifacts) this.artifacts.set(a.id, a)
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

  async listArtifacts(scope: Scope): Promise<Listing> {
    this.listCalls.push(scope)
    return this.request(() => {
      if (scope.kind === 'ids') {
        const found = scope.ids.filter((id) => this.artifacts.has(id))
        return {
          artifacts: found.map((id) => this.artifacts.get(id) as Artifact),
          missingIds: scope.ids.filter((id) => !this.artifacts.has(id))
        }
      }
      const all = [...this.artifacts.values()].filter(
        (a) =>
          (scope.kind === 'repository' || a.workflowRun.id === scope.runId) &&
          (scope.exactName === undefined || a.name === scope.exactName)
      )
      return { artifacts: all, missingIds: [] }
    })
  }

  async deleteArtifact(id: number): Promise<'deleted' | 'gone'> {
    this.deleteCalls.push({ id, at: this.options.clock?.now() ?? 0 })
    return this.request(() => {
      const failure = this.failures.get(id)?.shift()
      if (failure) throw failure
      return this.artifacts.delete(id) ? 'deleted' : 'gone'
    })
  }

  private async request<T>(answer: () => T): Promise<T> {
    this.inFlight += 1
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight)
    const done = this.options.budget?.begin()
    try {
      const { clock, latencyMs } = this.options
      if (clock && latencyMs) await clock.sleep(latencyMs)
      this.spendRateLimit()
      return answer()
    } finally {
      this.inFlight -= 1
      done?.()
    }
  }

  private spendRateLimit(): void {
    const rate = this.options.rateLimit
    if (!rate) return
    if (rate.remaining <= 0) {
      this.options.budget?.observe(this.headers(rate))
      throw primaryRateLimited(rate.reset)
    }
    rate.remaining -= 1
    this.options.budget?.observe(this.headers(rate))
  }

  private headers(rate: FakeRateLimit): Record<string, string> {
    return {
      'x-ratelimit-limit': String(rate.limit),
      'x-ratelimit-remaining': String(rate.remaining),
      'x-ratelimit-reset': String(rate.reset)
    }
  }
}
