import type { ArtifactResult } from '../artifact.js'
import type { Selection } from '../select.js'

/** list: every selected artifact is reported; those past `limit` are not reached. */
export function listArtifacts(selection: Selection): ArtifactResult[] {
  return [
    ...selection.selected.map((artifact): ArtifactResult => ({ artifact, outcome: 'listed' })),
    ...selection.notReached.map((artifact): ArtifactResult => ({
      artifact,
      outcome: 'not-reached'
    }))
  ]
}
