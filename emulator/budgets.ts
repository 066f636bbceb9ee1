/**
 * Primary rate limit budgets as GitHub keeps them (docs.github.com, "Rate limits for the REST
 * API"): not always one per token.
 * - A GITHUB_TOKEN has 1,000 requests an hour per repository (15,000 for Enterprise Cloud): every
 *   workflow of the repository spends the same budget, so another workflow can drain it mid-run.
 * - A GitHub App installation has 5,000 an hour, plus 50 per repository beyond 20 and 50 per
 *   organisation user beyond 20, at most 12,500 (15,000 on Enterprise Cloud), for all its tokens.
 * - A user (personal access tokens) has 5,000 an hour, for all their tokens.
 * Each budget is a fixed window that starts at its first request.
 */
import type { TokenInfo } from './context.js'
import type { RateLimitState, TokenKind } from './types.js'

export const GITHUB_TOKEN_LIMIT = 1000
export const INSTALLATION_BASE_LIMIT = 5000
export const INSTALLATION_MAX_LIMIT = 12500
export const ENTERPRISE_LIMIT = 15000
export const USER_LIMIT = 5000

/** What a token's requests are counted against. */
export interface BudgetRef {
  key: string
  limit: number
  /** the wording of a refusal: 'installation' or 'user' (GitHub's "for installation ID N.") */
  subject: 'installation' | 'user'
  subjectId: number
}

interface Bucket {
  used: number
  windowStart: number
  /** drain once this many more requests have been counted */
  drainAfter?: number
}

/** The installation limit for this many repositories and organisation users. */
export function installationLimit(repositories: number, users: number): number {
  const extra = 50 * Math.max(0, repositories - 20) + 50 * Math.max(0, users - 20)
  return Math.min(INSTALLATION_MAX_LIMIT, INSTALLATION_BASE_LIMIT + extra)
}

function userId(login: string): number {
  let h = 0
  for (const c of login) h = (h * 31 + c.charCodeAt(0)) >>> 0
  return 1000000 + (h % 90000000)
}

/**
 * The budget a token spends. `repositoryCount` is how many repositories an installation without
 * a `repositories` list can reach (every repository of the emulator).
 */
export function budgetOf(
  info: TokenInfo,
  defaultLimit: number,
  repositoryCount: number
): BudgetRef {
  const kind: TokenKind | undefined = info.kind
  if (kind === 'github-token') {
    const repo = [...(info.repositories ?? [])][0] ?? '*'
    return {
      key: `repo:${repo}`,
      limit: info.rateLimit ?? (info.enterprise ? ENTERPRISE_LIMIT : GITHUB_TOKEN_LIMIT),
      subject: 'installation',
      subjectId: info.installationId
    }
  }
  if (kind === 'installation') {
    const repos = info.repositories?.size ?? repositoryCount
    return {
      key: `installation:${info.installationId}`,
      limit:
        info.rateLimit ??
        (info.enterprise ? ENTERPRISE_LIMIT : installationLimit(repos, info.installationUsers)),
      subject: 'installation',
      subjectId: info.installationId
    }
  }
  if (kind === 'fine-grained-pat' || kind === 'classic-pat') {
    return {
      key: `user:${info.login}`,
      limit: info.rateLimit ?? USER_LIMIT,
      subject: 'user',
      subjectId: userId(info.login)
    }
  }
  return {
    key: `token:${info.token}`,
    limit: info.rateLimit ?? defaultLimit,
    subject: 'installation',
    subjectId: info.installationId
  }
}

/** Every budget of the emulator, by key. */
export class Budgets {
  private readonly buckets = new Map<string, Bucket>()

  constructor(
    readonly windowMs: number,
    private readonly now: () => number
  ) {}

  private bucket(key: string): Bucket {
    const now = this.now()
    let b = this.buckets.get(key)
    if (!b || now >= b.windowStart + this.windowMs) {
      b = { used: 0, windowStart: now, drainAfter: b?.drainAfter }
      this.buckets.set(key, b)
    }
    return b
  }

  /** The state without counting a request (a fresh window would start now). */
  peek(ref: BudgetRef): RateLimitState {
    const now = this.now()
    const b = this.buckets.get(ref.key)
    const live = b && now < b.windowStart + this.windowMs ? b : { used: 0, windowStart: now }
    return this.state(live, ref.limit)
  }

  /** Counts one request; allowed is false when the window's budget was already spent. */
  consume(ref: BudgetRef): { allowed: boolean; state: RateLimitState } {
    const b = this.bucket(ref.key)
    if (b.used >= ref.limit) return { allowed: false, state: this.state(b, ref.limit) }
    b.used++
    if (b.drainAfter !== undefined && --b.drainAfter <= 0) {
      b.drainAfter = undefined
      b.used = ref.limit
    }
    return { allowed: true, state: this.state(b, ref.limit) }
  }

  /** Another client spends n requests (default: all that remain). */
  drain(ref: BudgetRef, n = Infinity): void {
    const b = this.bucket(ref.key)
    b.used = Math.min(ref.limit, b.used + n)
  }

  /** Drains the budget once `after` more requests have been counted on it. */
  drainAfter(ref: BudgetRef, after: number): void {
    if (after <= 0) {
      this.drain(ref)
      return
    }
    this.bucket(ref.key).drainAfter = after
  }

  private state(b: { used: number; windowStart: number }, limit: number): RateLimitState {
    return {
      limit,
      used: Math.min(b.used, limit),
      remaining: Math.max(0, limit - b.used),
      reset: Math.ceil((b.windowStart + this.windowMs) / 1000)
    }
  }
}

/** GitHub's refusal message once a budget is spent. */
export function exceededMessage(ref: BudgetRef): string {
  return `API rate limit exceeded for ${ref.subject} ID ${ref.subjectId}.`
}
