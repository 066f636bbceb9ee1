import type { Selection } from '../select.js'
import type { Mode, Settings } from '../settings.js'
import { deleteOperation } from './delete.js'
import { planDownloadOperation } from './download-plan.js'
import { listOperation } from './list.js'
import type { Operation, OperationDeps, OperationOutcome } from './result.js'

export { notReached, resultOf, unlistedResult } from './result.js'
export type { Operation, OperationDeps, OperationOutcome, OperationResult } from './result.js'

/**
 * The operation of each mode, all of one shape. Download's is loaded only in download mode: it
 * brings the zip reader and the extraction code, which list and delete never need.
 */
export const operations: { [M in Mode]: Operation<Extract<Settings, { mode: M }>> } = {
  list: listOperation,
  delete: deleteOperation,
  download: async (deps, selection, settings) => {
    if (settings.dryRun) return planDownloadOperation(deps, selection, settings)
    const { downloadOperation } = await import('./download.js')
    return downloadOperation(deps, selection, settings)
  }
}

/** Runs the operation of `settings.mode`. */
export function runOperation(
  deps: OperationDeps,
  selection: Selection,
  settings: Settings
): Promise<OperationOutcome> {
  const operation = operations[settings.mode] as Operation
  return operation(deps, selection, settings)
}
