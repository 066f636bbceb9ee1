/**
 * Inputs as workflows really pass them. Every default lives in action.yml, and the runner passes
 * it for an input the step does not give. But a step that gives `dry-run: ${{ inputs.dry-run }}`
 * passes `''` on a scheduled run, and that must mean "not given": the action reads its own
 * action.yml (shipped beside dist/) and takes the default from there, so no default is written
 * twice. Tools that run the action outside a runner (`@github/local-action`) pass action.yml's
 * defaults unevaluated: a literal `${{ … }}` is taken for the runner's variable for `token`
 * (`GITHUB_TOKEN`) and `repository` (`GITHUB_REPOSITORY`), and is an input error otherwise.
 */
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { InputError } from './errors.js'
import { Inputs } from './settings.js'

/** Input name → its `default:` in action.yml. */
export type ActionDefaults = ReadonlyMap<string, string>

/**
 * The `default:` of each input of action.yml. Reads only what this project's action.yml holds:
 * `inputs:` at the top level, two-space input names, four-space `default:` with a plain,
 * single-quoted or double-quoted scalar (a unit test compares it with a full YAML parser).
 */
export function parseActionDefaults(text: string): Map<string, string> {
  const defaults = new Map<string, string>()
  let inInputs = false
  let input: string | undefined
  for (const line of text.split(/\r?\n/)) {
    if (/^\S/.test(line)) {
      inInputs = /^inputs:\s*$/.test(line)
      input = undefined
      continue
    }
    if (!inInputs) continue
    const name = /^ {2}([\w-]+):\s*$/.exec(line)
    if (name) {
      input = name[1]
      continue
    }
    const value = /^ {4}default:\s*(.*?)\s*$/.exec(line)
    if (value && input !== undefined) defaults.set(input, unquote(value[1]))
  }
  return defaults
}

function unquote(scalar: string): string {
  if (scalar.startsWith("'") && scalar.endsWith("'") && scalar.length >= 2)
    return scalar.slice(1, -1).replace(/''/g, "'")
  if (scalar.startsWith('"') && scalar.endsWith('"') && scalar.length >= 2)
    return JSON.parse(scalar) as string
  return scalar.replace(/\s+#.*$/, '')
}

/**
 * action.yml's defaults, from the first of these places that has the file: the action's folder
 * (`GITHUB_ACTION_PATH`), the folder above the running script (dist/index.js), the working
 * directory. Undefined when none has it (then an empty value is judged as it is).
 */
export function loadActionDefaults(
  env: Record<string, string | undefined>,
  script: string | undefined = process.argv[1]
): ActionDefaults | undefined {
  const folders = [env.GITHUB_ACTION_PATH, script ? join(dirname(script), '..') : undefined]
  for (const folder of folders) {
    if (!folder) continue
    try {
      const defaults = parseActionDefaults(readFileSync(join(folder, 'action.yml'), 'utf8'))
      if (defaults.has(Inputs.Mode)) return defaults
    } catch {
      // not there: try the next place
    }
  }
  return undefined
}

/** A literal, unevaluated expression: `${{ github.token }}`. */
export function isUnevaluated(value: string): boolean {
  return /\$\{\{[\s\S]*\}\}/.test(value)
}

/** The runner's variable an input falls back to when it arrives unevaluated. */
const RUNNER_VARIABLES: Record<string, string> = {
  [Inputs.Token]: 'GITHUB_TOKEN',
  [Inputs.Repository]: 'GITHUB_REPOSITORY'
}

/**
 * The value of an input as the action should see it: trimmed; empty → action.yml's default; a
 * literal `${{ … }}` → the runner's variable (token, repository), else an InputError.
 */
export function effectiveInput(
  name: string,
  given: string,
  defaults: ActionDefaults | undefined,
  env: Record<string, string | undefined>
): string {
  let value = given.trim()
  if (value === '') value = (defaults?.get(name) ?? '').trim()
  if (!isUnevaluated(value)) return value
  const variable = RUNNER_VARIABLES[name]
  const fallback = variable ? env[variable]?.trim() : undefined
  if (fallback) return fallback
  throw new InputError(
    name,
    value,
    variable
      ? `a value; the expression was not evaluated (outside a runner) and ${variable} is not set`
      : 'a value; the expression was not evaluated (outside a runner): give the input a literal value'
  )
}
