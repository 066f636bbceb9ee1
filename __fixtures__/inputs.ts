import type { InputReader } from '../src/inputs.js'
import { readActionMetadata } from './action-yml.js'

/** The token the runner would put in for `${{ github.token }}`. */
export const TOKEN = 'ghs_UnitTestSecret0123456789abcdef'
/** The repository the runner would put in for `${{ github.repository }}`. */
export const REPOSITORY = 'octo-org/widgets'

const EXPRESSIONS: Record<string, string> = {
  '${{ github.token }}': TOKEN,
  '${{ github.repository }}': REPOSITORY
}

/** Every input's default from action.yml, with the runner's expressions evaluated. */
export function actionDefaults(): Map<string, string> {
  const defaults = new Map<string, string>()
  for (const [name, value] of readActionMetadata().inputs) {
    defaults.set(name, value === undefined ? '' : (EXPRESSIONS[value] ?? value))
  }
  return defaults
}

/**
 * The inputs the runner would hand the action: action.yml's defaults overlaid with `given`.
 * An input action.yml does not declare reads as '' (as the runner does).
 */
export function inputMap(given: Record<string, string> = {}): Map<string, string> {
  const inputs = actionDefaults()
  for (const [name, value] of Object.entries(given)) inputs.set(name, value)
  return inputs
}

/** A Map-backed InputReader with core.getInput's trimming. */
export function inputReader(given: Record<string, string> = {}): InputReader {
  const inputs = inputMap(given)
  return (name) => (inputs.get(name) ?? '').trim()
}
