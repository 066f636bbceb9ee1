import { readActionYaml } from '../scripts/run-action.js'

/** What the tests need from action.yml: each input's default, and the output names. */
export interface ActionMetadata {
  /** Input name → its `default:` (undefined when it has none). */
  inputs: Map<string, string | undefined>
  /** Output names, in the file's order. */
  outputs: string[]
}

/**
 * action.yml's inputs (with their defaults, as the strings the runner passes) and output names,
 * from `readActionYaml` (the `yaml` package): the one action.yml reader of the tests.
 */
export function readActionMetadata(): ActionMetadata {
  const parsed = readActionYaml()
  const inputs = new Map<string, string | undefined>()
  for (const [name, spec] of Object.entries(parsed.inputs ?? {})) {
    const value = spec?.default
    inputs.set(name, value === undefined || value === null ? undefined : String(value))
  }
  return { inputs, outputs: Object.keys(parsed.outputs ?? {}) }
}
