import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { inputsTable, outputsTable } from '../../scripts/readme-tables.js'
import { readActionYaml } from '../../scripts/run-action.js'
import { Inputs, Outputs } from '../../src/settings.js'

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')

describe('README and action.yml agree', () => {
  it('the inputs table is the one action.yml gives (npm run readme rewrites it)', () => {
    expect(readme).toContain(`<!-- inputs -->\n${inputsTable()}\n<!-- /inputs -->`)
  })

  it('the outputs table is the one action.yml gives', () => {
    expect(readme).toContain(`<!-- outputs -->\n${outputsTable()}\n<!-- /outputs -->`)
  })

  it('action.yml declares exactly the inputs and outputs the code reads and writes', () => {
    const yml = readActionYaml()
    expect(Object.keys(yml.inputs).sort()).toEqual(Object.values(Inputs).sort())
    expect(Object.keys(yml.outputs).sort()).toEqual(Object.values(Outputs).sort())
    for (const [name, spec] of Object.entries(yml.inputs)) {
      expect({ name, description: (spec as { description?: string }).description }).toEqual({
        name,
        description: expect.stringMatching(/\S/)
      })
    }
  })

  it('gives a new user the two commands: demo and test', () => {
    expect(readme).toContain('npm ci && npm run demo')
    expect(readme).toMatch(/^npm test\b/m)
  })
})
