import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { readActionYaml } from '../../scripts/run-action.js'

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')

/** Every YAML example of the README, parsed. */
const examples = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map(
  ([, text]) => parse(text) as unknown
)

/** Every `with:` of a step that uses the action, and every `steps.<id>.outputs.<name>` read. */
function usage(): { inputs: Set<string>; outputs: Set<string> } {
  const inputs = new Set<string>()
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit)
    else if (node && typeof node === 'object') {
      const step = node as Record<string, unknown>
      if (typeof step.uses === 'string' && step.uses.startsWith('artifact-keeper/'))
        for (const key of Object.keys((step.with as object | undefined) ?? {})) inputs.add(key)
      Object.values(step).forEach(visit)
    }
  }
  examples.forEach(visit)
  const outputs = new Set(
    [...readme.matchAll(/steps\.[\w-]+\.outputs\.([\w-]+)/g)].map((m) => m[1])
  )
  return { inputs, outputs }
}

describe('README examples', () => {
  it('parse as YAML', () => {
    expect(examples.length).toBeGreaterThan(5)
  })

  it('use every input of action.yml at least once', () => {
    const { inputs } = usage()
    const missing = Object.keys(readActionYaml().inputs).filter((name) => !inputs.has(name))
    expect(missing).toEqual([])
  })

  it('read every output of action.yml at least once', () => {
    const { outputs } = usage()
    const missing = Object.keys(readActionYaml().outputs).filter((name) => !outputs.has(name))
    expect(missing).toEqual([])
  })

  it('use only inputs that exist', () => {
    const known = new Set(Object.keys(readActionYaml().inputs))
    const unknown = [...usage().inputs].filter((name) => !known.has(name))
    expect(unknown).toEqual([])
  })
})
