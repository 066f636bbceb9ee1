import type { Artifact, ArtifactResult } from '../artifact.js'
import { errorMessage } from '../errors.js'
import type { ArtifactsApi } from '../github/artifacts-api.js'
import { ReserveReachedError, isRateLimited, permissionError, statusOf } from '../github/errors.js'
import type { RateBudget } from '../github/rate-budget.js'
import type { Clock, Log } from '../log.js'
import { Progress } from '../progress.js'
import type { Selection } from '../select.js'
import { formatBytes } from '../units.js'
import { Pacer } from './pacer.js'

/** How delete runs. */
export interface DeleteOptions {
  dryRun: boolean
  concurrency: number
  /** DELETE requests started per minute at most (0 = unpaced). */
  deletesPerMinute: number
  repository: string
}

/** What delete did. */
export interface DeleteOutcome {
  results: ArtifactResult[]
  stopReason?: string
  fatal?: Error
}

/**
 * Deletes the selected artifacts, oldest first, paced and bounded. One failure does not stop the
 * rest; a 403 permission error stops at once (that artifact failed, the rest are not reached); the
 * rate-limit reserve stops new work and lets what is in flight finish. Each artifact gets exactly
 * one outcome. `pacer` is shared with the client, which paces retries and slows it down on
 * secondary limits.
 */
export async function deleteArtifacts(
  api: ArtifactsApi,
  selection: Selection,
  options: DeleteOptions,
  budget: RateBudget,
  log: Log,
  clock: Clock,
  pacer: Pacer = new Pacer(options.deletesPerMinute, clock)
): Promise<DeleteOutcome> {
  const notReached = selection.notReached.map((artifact): ArtifactResult => ({
    artifact,
    outcome: 'not-reached'
  }))
  if (options.dryRun) {
    for (const a of selection.selected) log.info(`Would delete ${describe(a)}`)
    const wouldDelete = selection.selected.map((artifact): ArtifactResult => ({
      artifact,
      outcome: 'would-delete'
    }))
    return { results: [...wouldDelete, ...notReached] }
  }
  const state = new DeleteRun(api, options, budget, log, clock, pacer, selection.selected.length)
  await state.run(selection.selected)
  return {
    results: [...state.results(selection.selected), ...notReached],
    stopReason: state.stopReason,
    fatal: state.fatal
  }
}

class DeleteRun {
  private readonly outcomes = new Map<number, ArtifactResult>()
  private readonly progress: Progress
  stopReason?: string
  fatal?: Error

  constructor(
    private readonly api: ArtifactsApi,
    private readonly options: DeleteOptions,
    private readonly budget: RateBudget,
    private readonly log: Log,
    clock: Clock,
    private readonly pacer: Pacer,
    total: number
  ) {
    this.progress = new Progress('Deleted', total, log, clock)
  }

  async run(artifacts: Artifact[]): Promise<void> {
    const queue = [...artifacts]
    const worker = async (): Promise<void> => {
      for (let next = queue.shift(); next && this.mayStart(); next = queue.shift()) {
        await this.pacer.next()
        if (!this.mayStart()) break
        await this.deleteOne(next)
      }
    }
    const workers = Math.max(1, Math.min(this.options.concurrency, artifacts.length))
    await Promise.all(Array.from({ length: workers }, worker))
  }

  /** Every artifact in order: its outcome, or not-reached when work stopped before it. */
  results(artifacts: Artifact[]): ArtifactResult[] {
    return artifacts.map(
      (artifact) => this.outcomes.get(artifact.id) ?? { artifact, outcome: 'not-reached' }
    )
  }

  private mayStart(): boolean {
    if (this.fatal || this.stopReason) return false
    if (!this.budget.shouldStop()) return true
    this.stopReason = this.budget.reserveReached().message
    return false
  }

  private async deleteOne(artifact: Artifact): Promise<void> {
    try {
      const outcome = await this.api.deleteArtifact(artifact.id)
      this.outcomes.set(artifact.id, { artifact, outcome })
      this.log.info(`${outcome === 'deleted' ? 'Deleted' : 'Already gone'}: ${describe(artifact)}`)
    } catch (error) {
      if (error instanceof ReserveReachedError) {
        // Not sent: it stays not-reached for the next run.
        this.stopReason ??= error.message
        return
      }
      if (statusOf(error) === 403 && !isRateLimited(error)) {
        this.fatal ??= permissionError(this.options.repository)
        this.outcomes.set(artifact.id, { artifact, outcome: 'failed', error: errorMessage(error) })
        return
      }
      this.outcomes.set(artifact.id, { artifact, outcome: 'failed', error: errorMessage(error) })
      this.log.warning(`Could not delete ${describe(artifact)}: ${errorMessage(error)}`)
    }
    this.progress.tick(artifact.sizeInBytes)
  }
}

function describe(artifact: Artifact): string {
  return `${artifact.name} (id ${artifact.id}, ${formatBytes(artifact.sizeInBytes)}, created ${artifact.createdAt.toISOString()})`
}
