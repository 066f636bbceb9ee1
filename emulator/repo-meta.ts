/**
 * What the emulator knows of a repository beyond its artifacts and runs: archived, private, size,
 * owner type and tags. Kept beside the store (a WeakMap per repository) so the store stays as it is.
 */
import type { Repository } from './state.js'
import type { SeedRepositoryExtras, SeedTag } from './types.js'

export interface RepoMeta {
  archived: boolean
  private: boolean
  /** undefined: computed from the artifacts */
  sizeKb?: number
  ownerType: 'Organization' | 'User'
  tags: SeedTag[]
}

const metas = new WeakMap<Repository, RepoMeta>()

export function repoMeta(repo: Repository): RepoMeta {
  let m = metas.get(repo)
  if (!m) {
    m = { archived: false, private: false, ownerType: 'Organization', tags: [] }
    metas.set(repo, m)
  }
  return m
}

const SHA = /^[0-9a-f]{40}$/

/** Takes what the seed says about the repository itself. */
export function applyRepoExtras(repo: Repository, extras: SeedRepositoryExtras): void {
  const m = repoMeta(repo)
  if (extras.archived !== undefined) m.archived = extras.archived
  if (extras.private !== undefined) m.private = extras.private
  if (extras.sizeKb !== undefined) m.sizeKb = extras.sizeKb
  if (extras.ownerType !== undefined) m.ownerType = extras.ownerType
  for (const t of extras.tags ?? []) {
    if (typeof t.name !== 'string' || t.name === '')
      throw new Error(`${repo.fullName}: empty tag name`)
    if (!SHA.test(t.sha))
      throw new Error(`${repo.fullName}: tag ${t.name}: sha must be 40 hex digits`)
    m.tags.push({ name: t.name, sha: t.sha })
  }
}

/** The repository's `size` in kB. */
export function sizeKbOf(repo: Repository): number {
  const m = repoMeta(repo)
  if (m.sizeKb !== undefined) return m.sizeKb
  let bytes = 0
  for (const a of repo.artifacts.values()) bytes += a.size
  return Math.ceil(bytes / 1024)
}
