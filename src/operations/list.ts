import type { ArtifactResult } from '../artifact.js'
import type { Selection } from '../select.js'
import { type OperationOutcome, notReached } from './result.js'

/** list: every selected artifact is reported; those past `limit` are not reached. */
export async function listOperation(
  _deps: unknown,
  selection: Selection
): Promise<OperationOutcome> {
  return { results: listArtifacts(selection) }
}

/** The list outcome, pure. */
export function listArtifacts(selection: Selection): ArtifactResult[] {
  return [
    ...selection.selected.map((artifact): ArtifactResult => ({ artifact, outcome: 'listed' })),
    ...notReached(selection.notReached)
  ]
}
