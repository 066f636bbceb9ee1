/**
 * The repositories of an owner that a token can see (`repository: owner/*`). Which list answers
 * depends on the token, and the token's kind is learnt from the answers, not from its prefix:
 *
 * 1. `GET /installation/repositories`: an App installation token (a GITHUB_TOKEN is one, on its
 *    one repository) sees exactly these. A user's token gets 403 here.
 * 2. A user's token (classic or fine-grained PAT): `GET /orgs/{owner}/repos` when the owner is an
 *    organisation (404 when it is a user);
 * 3. else `GET /user/repos?affiliation=owner` (the user's own repositories, private ones
 *    included) when the owner is the token's user, and otherwise `GET /users/{owner}/repos`
 *    (that user's public repositories).
 *
 * Every answer is attacker-chosen data: names are checked, the owner must be the one asked for,
 * pages are bounded, entries are kept once.
 */
import { ActionError } from '../errors.js'
import type { Octokit } from './client.js'
import { classifyError, describeRequestError, statusOf } from './errors.js'
import { PER_PAGE } from './paging.js'

/** One repository of a list, as the action uses it. */
export interface ListedRepository {
  owner: string
  repo: string
  archived: boolean
}

/** Which list answered. */
export type RepositoryListSource = 'installation' | 'organization' | 'user' | 'public'

/** The owner's repositories the token can see, and which list said so. */
export interface OwnerRepositories {
  source: RepositoryListSource
  repositories: ListedRepository[]
  /** Requests spent. */
  requests: number
}

/** Most pages of one list (100 repositories each): an answer that never ends is cut here. */
export const MAX_REPOSITORY_PAGES = 1000

const NAME = /^[A-Za-z0-9._-]{1,100}$/

interface PageAnswer {
  items: unknown[]
  /** The last page the Link header (or total_count) announces, when it does. */
  last?: number
}

/** Lists repositories over Octokit; the one Traffic bounds and paces it like everything else. */
export class RepositoriesApi {
  constructor(private readonly octokit: Octokit) {}

  /** The owner's repositories this token can see (see the file comment for which list). */
  async listOwnerRepositories(owner: string): Promise<OwnerRepositories> {
    const counter = { requests: 0 }
    const installation = await this.tryList(counter, (page) =>
      this.octokit.rest.apps.listReposAccessibleToInstallation({ per_page: PER_PAGE, page })
    )
    if (installation) return this.answer('installation', owner, installation, counter)
    const organization = await this.tryList(
      counter,
      (page) =>
        this.octokit.rest.repos.listForOrg({ org: owner, type: 'all', per_page: PER_PAGE, page }),
      'not-found'
    )
    if (organization) return this.answer('organization', owner, organization, counter)
    const own = await this.walk(counter, (page) =>
      this.octokit.rest.repos.listForAuthenticatedUser({
        affiliation: 'owner',
        per_page: PER_PAGE,
        page
      })
    )
    const mine = ofOwner(owner, own)
    if (mine.length > 0) return { source: 'user', repositories: mine, requests: counter.requests }
    const pub = await this.walk(counter, (page) =>
      this.octokit.rest.repos.listForUser({
        username: owner,
        type: 'owner',
        per_page: PER_PAGE,
        page
      })
    )
    return this.answer('public', owner, pub, counter)
  }

  private answer(
    source: RepositoryListSource,
    owner: string,
    items: unknown[],
    counter: { requests: number }
  ): OwnerRepositories {
    return { source, repositories: ofOwner(owner, items), requests: counter.requests }
  }

  /**
   * A list that this kind of token may not read answers 403 (or 404 for `tolerate: 'not-found'`):
   * undefined, and the next list is tried. Anything else is the walk's answer or error.
   */
  private async tryList(
    counter: { requests: number },
    fetch: (page: number) => Promise<{ data: unknown; headers: { link?: string } }>,
    tolerate: 'permission' | 'not-found' = 'permission'
  ): Promise<unknown[] | undefined> {
    try {
      return await this.walk(counter, fetch)
    } catch (error) {
      if (classifyError(error).kind === tolerate) return undefined
      throw error
    }
  }

  /** Page 1, then every page up to the announced last one, concurrently (bounded by Traffic). */
  private async walk(
    counter: { requests: number },
    fetch: (page: number) => Promise<{ data: unknown; headers: { link?: string } }>
  ): Promise<unknown[]> {
    const read = async (page: number): Promise<PageAnswer> => {
      counter.requests += 1
      try {
        return pageAnswer(await fetch(page))
      } catch (error) {
        if (statusOf(error) === 401 || classifyError(error).kind === 'transient')
          throw describeRequestError(error, 'the repository list')
        throw error
      }
    }
    const first = await read(1)
    const last = Math.min(first.last ?? 1, MAX_REPOSITORY_PAGES)
    const rest = await Promise.all(
      Array.from({ length: Math.max(0, last - 1) }, (_, i) => read(i + 2))
    )
    return [first, ...rest].flatMap((p) => p.items)
  }
}

/** A page's items and the last page it announces (Link `rel="last"`, or total_count). */
function pageAnswer(response: { data: unknown; headers: { link?: string } }): PageAnswer {
  const data = response.data as { repositories?: unknown; total_count?: unknown } | unknown[]
  const items = Array.isArray(data) ? data : data?.repositories
  if (!Array.isArray(items))
    throw new ActionError('The API answered something that is not a repository list.')
  const link = /<[^>]*[?&]page=(\d+)[^>]*>;\s*rel="last"/.exec(response.headers.link ?? '')
  if (link) return { items, last: Number(link[1]) }
  const total = Array.isArray(data) ? undefined : Number(data?.total_count)
  if (total !== undefined && Number.isSafeInteger(total) && total > 0)
    return { items, last: Math.ceil(total / PER_PAGE) }
  return { items }
}

/** The checked entries of `owner`, each once, in the order listed. */
export function ofOwner(owner: string, items: unknown[]): ListedRepository[] {
  const out = new Map<string, ListedRepository>()
  for (const item of items) {
    const r = item as { name?: unknown; owner?: { login?: unknown } | null; archived?: unknown }
    const login = r?.owner?.login
    if (typeof login !== 'string' || login.toLowerCase() !== owner.toLowerCase()) continue
    if (typeof r.name !== 'string' || !NAME.test(r.name) || r.name === '.' || r.name === '..')
      continue
    const key = r.name.toLowerCase()
    if (!out.has(key)) out.set(key, { owner: login, repo: r.name, archived: r.archived === true })
  }
  return [...out.values()]
}
