import type { Artifact } from '../src/artifact.js'

/** The fixed "now" of the unit tests. */
export const NOW = new Date('2025-06-01T12:00:00.000Z')

export const MINUTE = 60_000
export const HOUR = 60 * MINUTE
export const DAY = 24 * HOUR

/** The time `ms` before `from` (NOW by default). */
export function ago(ms: number, from: Date = NOW): Date {
  return new Date(from.getTime() - ms)
}

/** What a test may say about an artifact; everything else gets a plausible default. */
export interface ArtifactSpec {
  name?: string
  size?: number
  createdAt?: Date
  /** Shorthand for createdAt: this many days before NOW. */
  ageDays?: number
  expired?: boolean
  runId?: number
  branch?: string | null
  sha?: string | null
  digest?: string
  repositoryId?: number
  headRepositoryId?: number
}

/** Builds a domain Artifact with the given id. */
export function artifact(id: number, spec: ArtifactSpec = {}): Artifact {
  const createdAt = spec.createdAt ?? ago((spec.ageDays ?? 1) * DAY)
  return {
    id,
    name: spec.name ?? `artifact-${id}`,
    sizeInBytes: spec.size ?? 1000 * id,
    createdAt,
    expiresAt: new Date(createdAt.getTime() + 90 * DAY),
    expired: spec.expired ?? false,
    digest: spec.digest,
    workflowRun: {
      id: spec.runId ?? 9000 + id,
      repositoryId: spec.repositoryId ?? 1,
      headRepositoryId: spec.headRepositoryId ?? spec.repositoryId ?? 1,
      headBranch: spec.branch === null ? undefined : (spec.branch ?? 'main'),
      headSha: spec.sha === null ? undefined : (spec.sha ?? sha(id))
    }
  }
}

/** A deterministic 40-hex-digit commit SHA for a number. */
export function sha(n: number): string {
  return n.toString(16).padStart(8, '0').repeat(5)
}

/** `count` artifacts with ids from `firstId`, each one day older than the last. */
export function artifacts(count: number, spec: ArtifactSpec = {}, firstId = 1): Artifact[] {
  return Array.from({ length: count }, (_, i) => artifact(firstId + i, { ageDays: i + 1, ...spec }))
}

/** The ids of a list of artifacts (or of results holding them). */
export function ids(list: ({ id: number } | { artifact: { id: number } })[]): number[] {
  return list.map((item) => ('artifact' in item ? item.artifact.id : item.id))
}
