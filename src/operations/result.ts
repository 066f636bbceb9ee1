import type { ArtifactResult } from '../artifact.js'
import type { Mode } from '../settings.js'

/** What an operation did, for outputs and the job summary. */
export interface OperationResult {
  mode: Mode
  /** owner/name */
  repository: string
  dryRun: boolean
  /** Every matched artifact with its outcome, in the order acted on. */
  results: ArtifactResult[]
  /** Artifacts spared by keep-latest. */
  sparedCount: number
  /** Artifacts listed in all. */
  listedCount: number
  /** Requested artifact ids that do not exist. */
  missingIds: number[]
  /** Why work stopped early, when it did (rate-limit reserve, limit). */
  stopReason?: string
  /** A failure that stopped the action at once (403 permission). */
  fatal?: Error
  /** download: the destination directory, absolute. */
  downloadPath?: string
}
