import { escapeLogText } from './report/escape.js'
import { formatBytes } from './units.js'

/** A workflow artifact as the rest of the action sees it (the API's snake_case stays in src/github/). */
export interface Artifact {
  id: number
  name: string
  sizeInBytes: number
  /** When it was made; undefined when the API did not say (never taken as old, and newest). */
  createdAt?: Date
  expiresAt?: Date
  expired: boolean
  /** 'sha256:<hex>' when the API gives one. */
  digest?: string
  workflowRun: {
    id?: number
    repositoryId?: number
    headRepositoryId?: number
    headBranch?: string
    headSha?: string
  }
}

/** What happened to one artifact. */
export type Outcome =
  | 'listed'
  | 'deleted'
  | 'would-delete'
  | 'gone'
  | 'downloaded'
  | 'would-download'
  | 'expired'
  | 'failed'
  | 'not-reached'

/** One artifact and what the action did with it. */
export interface ArtifactResult {
  artifact: Artifact
  outcome: Outcome
  /** Why it failed, when it did. */
  error?: string
  /** Where it was written (download). */
  path?: string
  /** owner/name, when the run covered several repositories. */
  repository?: string
}

/** How the log names an artifact: name (escaped: it is data), id, size and creation time. */
export function describeArtifact(artifact: Artifact): string {
  return `${escapeLogText(artifact.name)} (id ${artifact.id}, ${formatBytes(artifact.sizeInBytes)}, created ${artifact.createdAt?.toISOString() ?? 'at an unknown time'})`
}

/** Newest first: created_at (unknown counts as newest), then id. */
export function newestFirst(a: Artifact, b: Artifact): number {
  // Number(): an id the API sent beyond 2^53 arrives as a BigInt; it must sort, not throw (it is
  // refused later, as every id that is not a positive safe integer).
  return createdMs(b) - createdMs(a) || Number(b.id) - Number(a.id)
}

function createdMs(artifact: Artifact): number {
  return artifact.createdAt?.getTime() ?? Number.MAX_SAFE_INTEGER
}

/** Whether the artifact was made by a run from a fork (or cannot be shown not to be). */
export function isFromFork(artifact: Artifact): boolean {
  const { repositoryId, headRepositoryId } = artifact.workflowRun
  // Unknown provenance counts as a fork: download takes it only with allow-forks.
  return (
    repositoryId === undefined ||
    headRepositoryId === undefined ||
    repositoryId !== headRepositoryId
  )
}
