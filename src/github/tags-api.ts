import { ActionError } from '../errors.js'
import type { Octokit } from './client.js'
import { classifyError, describeRequestError, statusOf } from './errors.js'
import { PER_PAGE } from './paging.js'

/** A git tag: its name and the commit it points to. */
export interface Tag {
  name: string
  /** The commit's SHA, lower case. */
  sha: string
}

/** What keep-tagged asks GitHub. `__fixtures__/` fakes need only this one method. */
export interface TagsApi {
  /** Every tag of the repository, 100 a page, read once. */
  listTags(): Promise<Tag[]>
}

/** Most tag pages read (100,000 tags): a server whose pages never end cannot keep us reading. */
export const MAX_TAG_PAGES = 1000

/** TagsApi over Octokit: List repository tags, page after page until a short page. */
export class OctokitTagsApi implements TagsApi {
  constructor(
    private readonly octokit: Octokit,
    private readonly owner: string,
    private readonly repo: string
  ) {}

  async listTags(): Promise<Tag[]> {
    const tags: Tag[] = []
    for (let page = 1; page <= MAX_TAG_PAGES; page++) {
      const batch = await this.fetchPage(page)
      for (const t of batch) {
        if (typeof t?.name !== 'string' || typeof t.commit?.sha !== 'string') {
          throw new ActionError(
            `The API answered something that is not a tag list (GET /repos/${this.owner}/${this.repo}/tags).`
          )
        }
        tags.push({ name: t.name, sha: t.commit.sha.toLowerCase() })
      }
      if (batch.length < PER_PAGE) break
    }
    return tags
  }

  private async fetchPage(page: number): Promise<{ name?: unknown; commit?: { sha?: unknown } }[]> {
    const repository = `${this.owner}/${this.repo}`
    try {
      const response = await this.octokit.rest.repos.listTags({
        owner: this.owner,
        repo: this.repo,
        per_page: PER_PAGE,
        page
      })
      if (!Array.isArray(response.data)) {
        throw new ActionError(
          `The API answered something that is not a tag list (GET /repos/${repository}/tags).`
        )
      }
      return response.data
    } catch (error) {
      if (statusOf(error) === 403 && classifyError(error).kind === 'permission') {
        throw new ActionError(
          `The token may not list the tags of ${repository} (403), which 'keep-tagged' needs: give ` +
            "the workflow 'permissions: contents: read', or pass a token that can read the repository's contents."
        )
      }
      throw describeRequestError(error, repository)
    }
  }
}
