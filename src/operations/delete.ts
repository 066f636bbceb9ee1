import { type Artifact, type ArtifactResult, describeArtifact } from '../artifact.js'
import { errorMessage } from '../errors.js'
import {
  ReserveReachedError,
  WriteRefusedError,
  classifyError,
  permissionError
} from '../github/errors.js'
import type { Log } from '../log.js'
import { Progress } from '../progress.js'
import type { Selection } from '../select.js'
import type { DeleteSettings } from '../settings.js'
import { type OperationDeps, type OperationOutcome, notReached } from './result.js'

/**
 * Deletes the selected artifacts, oldest first. Pacing, the concurrency bound and the rate-limit
 * budget are the client's (src/github/traffic.ts): every DELETE is handed over at once and the
 * client starts each when it may. One failure does not stop the rest; a 403 permission error
 * stops at once (that artifact failed; the client refuses every later write, which stay not
 * reached); the rate-limit reserve stops new work and lets what is in flight finish. Each
 * artifact gets exactly one outcome.
 */
export async function deleteOperation(
  deps: OperationDeps,
  selection: Selection,
  settings: DeleteSettings
): Promise<OperationOutcome> {
  const later = notReached(selection.notReached)
  if (settings.dryRun) {
    for (const a of selection.selected) deps.log.info(`Would delete ${describeArtifact(a)}`)
    const wouldDelete = selection.selected.map((artifact): ArtifactResult => ({
      artifact,
      outcome: 'would-delete'
    }))
    return { results: [...wouldDelete, ...later] }
  }
  const repository = `${settings.owner}/${settings.repo}`
  const progress = new Progress('Deleted', selection.selected.length, deps.log, deps.clock)
  const outcome: Pick<OperationOutcome, 'stopReason' | 'fatal'> = {}
  const results = await Promise.all(
    selection.selected.map((artifact) =>
      deleteOne(deps, artifact, repository, outcome, deps.log).then((result) => {
        if (result.outcome !== 'not-reached') progress.tick(artifact.sizeInBytes)
        return result
      })
    )
  )
  return { results: [...results, ...later], ...outcome }
}

async function deleteOne(
  { api }: OperationDeps,
  artifact: Artifact,
  repository: string,
  stop: Pick<OperationOutcome, 'stopReason' | 'fatal'>,
  log: Log
): Promise<ArtifactResult> {
  try {
    const outcome = await api.deleteArtifact(artifact.id)
    log.info(`${outcome === 'deleted' ? 'Deleted' : 'Already gone'}: ${describeArtifact(artifact)}`)
    return { artifact, outcome }
  } catch (error) {
    // Not sent: it stays not-reached for the next run.
    if (error instanceof WriteRefusedError) return { artifact, outcome: 'not-reached' }
    if (error instanceof ReserveReachedError) {
      stop.stopReason ??= error.message
      return { artifact, outcome: 'not-reached' }
    }
    if (classifyError(error).kind === 'permission') stop.fatal ??= permissionError(repository)
    else log.warning(`Could not delete ${describeArtifact(artifact)}: ${errorMessage(error)}`)
    return { artifact, outcome: 'failed', error: errorMessage(error) }
  }
}
