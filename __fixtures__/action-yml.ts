import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** The action's metadata file. */
export const ACTION_YML_PATH = fileURLToPath(new URL('../action.yml', import.meta.url))

/** What the tests need from action.yml: each input's default, and the output names. */
export interface ActionMetadata {
  /** Input name → its `default:` (undefined when it has none). */
  inputs: Map<string, string | undefined>
  /** Output names, in the file's order. */
  outputs: string[]
}

/**
 * A tiny reader for action.yml's two-level `inputs:`/`outputs:` maps. It understands exactly the
 * shapes action.yml uses (`default:` as a plain, 'single' or "double" quoted scalar) and throws on
 * anything else, so a change of shape fails loudly instead of silently reading nothing.
 */
export function readActionMetadata(text = readFileSync(ACTION_YML_PATH, 'utf8')): ActionMetadata {
  const inputs = new Map<string, string | undefined>()
  const outputs: string[] = []
  let section = ''
  let current: string | undefined
  for (const line of text.split(/\r?\n/)) {
    const top = /^([A-Za-z][\w-]*):/.exec(line)
    if (top) {
      section = top[1]
      current = undefined
      continue
    }
    const key = /^ {2}([A-Za-z][\w-]*):\s*$/.exec(line)
    if (key && section === 'inputs') {
      current = key[1]
      inputs.set(current, undefined)
    } else if (key && section === 'outputs') {
      outputs.push(key[1])
    }
    const value = /^ {4}default:\s*(.*)$/.exec(line)
    if (value && section === 'inputs' && current) inputs.set(current, unquote(value[1].trim()))
  }
  return { inputs, outputs }
}

function unquote(scalar: string): string {
  if (scalar.startsWith("'")) {
    if (!scalar.endsWith("'") || scalar.length < 2) throw new Error(`Bad YAML scalar: ${scalar}`)
    return scalar.slice(1, -1).replace(/''/g, "'")
  }
  if (scalar.startsWith('"')) return JSON.parse(scalar) as string
  if (/^[|>]/.test(scalar)) throw new Error(`Block scalars are not read here: ${scalar}`)
  return scalar
}
