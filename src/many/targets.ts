import { InputError } from '../errors.js'
import { splitList } from '../patterns.js'
import { Inputs, type Mode } from '../settings.js'

/**
 * Several repositories (SPEC "Many repositories"): named ones, and owners whose every repository
 * the token can see is wanted (`owner/*`). Absent from the settings when `repository` is one
 * `owner/name`: that case keeps the single-repository path untouched.
 */
export interface ManyTargets {
  /** `owner/name` entries, in the order given, each once (GitHub names are case-insensitive). */
  repositories: { owner: string; repo: string }[]
  /** `owner/*` entries: owners whose repositories are listed (each once). */
  owners: string[]
  /** The input as given (for the summary's title and messages). */
  label: string
}

const OWNER = '[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?'
const ENTRY = new RegExp(`^(${OWNER})/([A-Za-z0-9._-]+|\\*)$`)

const ALLOWED =
  "'owner/name', several (one per line or comma-separated), or 'owner/*' for every repository of " +
  'that owner the token can see (the default is ${{ github.repository }})'

/**
 * Reads `repository`. Returns undefined for one `owner/name` (the single-repository path); throws
 * an InputError naming `repository` for a bad entry, and for several repositories in download mode.
 */
export function readTargets(value: string, mode: Mode): ManyTargets | undefined {
  const entries = splitList(value)
  if (entries.length === 0) throw new InputError(Inputs.Repository, value, ALLOWED)
  const repositories: ManyTargets['repositories'] = []
  const owners: string[] = []
  const seen = new Set<string>()
  for (const entry of entries) {
    const match = ENTRY.exec(entry)
    if (!match || match[2] === '.' || match[2] === '..')
      throw new InputError(Inputs.Repository, entry, ALLOWED)
    const key = entry.toLowerCase()
    if (seen.has(key)) continue
    seen.add(key)
    if (match[2] === '*') owners.push(match[1])
    else repositories.push({ owner: match[1], repo: match[2] })
  }
  if (owners.length === 0 && repositories.length === 1) return undefined
  if (mode === 'download') {
    throw new InputError(
      Inputs.Repository,
      value,
      "one 'owner/name' in download mode (several repositories and 'owner/*' are for list and delete)"
    )
  }
  return { repositories, owners, label: entries.join(', ') }
}

/** Inputs that name something of one repository, refused with several (ids and numbers differ). */
export const ONE_REPOSITORY_INPUTS = [Inputs.ArtifactIds, Inputs.RunId, Inputs.PullRequest]

/** Refuses inputs that only make sense in one repository, naming the input. */
export function refuseOneRepositoryInputs(read: (name: string) => string): void {
  for (const name of ONE_REPOSITORY_INPUTS) {
    const value = read(name).trim()
    if (value !== '')
      throw new InputError(
        name,
        value,
        `no value when 'repository' names several repositories or 'owner/*' (ids and numbers belong to one repository)`
      )
  }
}
