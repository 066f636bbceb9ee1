/**
 * Many repositories of one owner, for `owner/*` tests and the bench: each with its own
 * generated artifact history (and runs), its own size, some archived.
 */
import { generateRepository } from './generate.js'
import type { SeedArtifact, SeedRepositoryExtras } from './types.js'

export interface OrganizationOptions {
  owner: string
  /** how many repositories: `<owner>/repo-001`, `repo-002`, ... */
  repositories: number
  /** artifacts per repository (default 30); a function gives repositories different sizes */
  artifacts?: number | ((index: number) => number)
  /** which repositories (0-based index) are archived */
  archived?: (index: number) => boolean
  /** which are private (default none) */
  private?: (index: number) => boolean
  /** an organisation (default) or a user account */
  ownerType?: 'Organization' | 'User'
  seed?: number
  /** ms since epoch the histories end at; pass it for identical output */
  now?: number
  /** the first repository's id; the others follow (default 810000001) */
  firstRepositoryId?: number
}

export interface SeededRepository {
  fullName: string
  artifacts: SeedArtifact[]
  /** pass to emu.addRepository as its third argument */
  extras: SeedRepositoryExtras
}

export function generateOrganization(opts: OrganizationOptions): SeededRepository[] {
  const out: SeededRepository[] = []
  const firstId = opts.firstRepositoryId ?? 810000001
  for (let i = 0; i < opts.repositories; i++) {
    const count = typeof opts.artifacts === 'function' ? opts.artifacts(i) : (opts.artifacts ?? 30)
    const id = firstId + i
    const generated =
      count > 0
        ? generateRepository({
            seed: (opts.seed ?? 1) * 100003 + i,
            count,
            now: opts.now,
            repositoryId: id
          })
        : { artifacts: [], workflows: [], runs: [], pulls: [] }
    out.push({
      fullName: `${opts.owner}/repo-${String(i + 1).padStart(3, '0')}`,
      artifacts: generated.artifacts,
      extras: {
        id,
        workflows: generated.workflows,
        runs: generated.runs,
        pulls: generated.pulls,
        archived: opts.archived?.(i) ?? false,
        private: opts.private?.(i) ?? false,
        ownerType: opts.ownerType ?? 'Organization'
      }
    })
  }
  return out
}
