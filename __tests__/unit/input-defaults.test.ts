import { readFileSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import { InputError } from '../../src/errors.js'
import {
  effectiveInput,
  loadActionDefaults,
  parseActionDefaults
} from '../../src/input-defaults.js'
import { readSettings } from '../../src/inputs.js'
import { Inputs } from '../../src/settings.js'
import { readActionMetadata } from '../../__fixtures__/action-yml.js'
import { inputReader } from '../../__fixtures__/inputs.js'

const root = new URL('../../', import.meta.url).pathname
const DEFAULTS = parseActionDefaults(readFileSync(`${root}action.yml`, 'utf8'))

describe("action.yml's defaults, read by the action itself", () => {
  it('agree with a full YAML parser for every input', () => {
    const expected = new Map(
      [...readActionMetadata().inputs].map(([name, value]) => [name, value ?? ''])
    )
    expect(new Map(DEFAULTS)).toEqual(expected)
  })

  it('unquotes single- and double-quoted scalars and plain ones', () => {
    const text = [
      'name: x',
      'inputs:',
      '  a:',
      "    description: 'x'",
      "    default: 'it''s'",
      '  b:',
      '    default: "t\\u0041"',
      '  c:',
      '    default: plain # comment',
      'outputs:',
      '  d:',
      "    default: 'not an input'"
    ].join('\n')
    expect([...parseActionDefaults(text)]).toEqual([
      ['a', "it's"],
      ['b', 'tA'],
      ['c', 'plain']
    ])
  })

  it('are found beside the running script (dist/index.js) or in GITHUB_ACTION_PATH', () => {
    expect(loadActionDefaults({}, `${root}dist/index.js`)?.get(Inputs.Mode)).toBe('list')
    expect(
      loadActionDefaults({ GITHUB_ACTION_PATH: root }, '/nowhere/x.js')?.get(Inputs.Mode)
    ).toBe('list')
    expect(loadActionDefaults({}, '/nowhere/x.js')).toBeUndefined()
  })
})

describe('an empty value means the default', () => {
  const empties = Object.fromEntries([...DEFAULTS.keys()].map((name) => [name, '']))
  const env = { GITHUB_TOKEN: 'ghs_from_env', GITHUB_REPOSITORY: 'octo-org/from-env' }

  it('every input empty reads as if none were given', () => {
    const fromEmpty = readSettings(inputReader(empties), env, DEFAULTS)
    // The runner's defaults evaluate the expressions; empty token/repository fall back to the variables.
    const given = readSettings(
      inputReader({ [Inputs.Token]: 'ghs_from_env', [Inputs.Repository]: 'octo-org/from-env' }),
      env,
      DEFAULTS
    )
    expect(fromEmpty).toEqual(given)
    expect(fromEmpty.reserve).toEqual({ kind: 'auto' })
    expect(fromEmpty.dryRun).toBe(false)
  })

  it.each([Inputs.DryRun, Inputs.Mode, Inputs.RateLimitReserve, Inputs.IfNoneFound])(
    '%s: empty is its default',
    (name) => {
      expect(() => readSettings(inputReader({ [name]: '  ' }), {}, DEFAULTS)).not.toThrow()
    }
  )

  it('without action.yml, an empty choice is still an input error naming it', () => {
    expect(() => readSettings(inputReader({ [Inputs.DryRun]: '' }), {})).toThrow(
      "Input 'dry-run' has an invalid value ''"
    )
  })
})

describe('a literal ${{ … }} (local-action passes the defaults unevaluated)', () => {
  it('falls back to GITHUB_TOKEN and GITHUB_REPOSITORY', () => {
    const settings = readSettings(
      inputReader({
        [Inputs.Token]: '${{ github.token }}',
        [Inputs.Repository]: '${{ github.repository }}'
      }),
      { GITHUB_TOKEN: 'ghs_local', GITHUB_REPOSITORY: 'octo-org/local' },
      DEFAULTS
    )
    expect([settings.token, settings.owner, settings.repo]).toEqual([
      'ghs_local',
      'octo-org',
      'local'
    ])
  })

  it('is an input error when the variable is not set, or for any other input', () => {
    expect(() => effectiveInput(Inputs.Token, '${{ github.token }}', DEFAULTS, {})).toThrow(
      InputError
    )
    expect(() => effectiveInput(Inputs.Token, '${{ github.token }}', DEFAULTS, {})).toThrow(
      /GITHUB_TOKEN is not set/
    )
    expect(() =>
      effectiveInput(Inputs.DryRun, '${{ inputs.dry-run }}', DEFAULTS, { GITHUB_TOKEN: 'x' })
    ).toThrow("Input 'dry-run' has an invalid value '${{ inputs.dry-run }}'")
  })
})

describe('inputs as workflows write them', () => {
  it.each([
    ['refs/heads/main', 'main'],
    ['refs/tags/v1.2', 'v1.2'],
    ['release/*', 'release/*']
  ])('branch %p is %p', (given, branch) => {
    expect(readSettings(inputReader({ [Inputs.Branch]: given })).criteria.branch).toBe(branch)
  })

  it.each([
    ['.github/workflows/build.yml', 'build.yml'],
    ['./.github/workflows/build.yaml', 'build.yaml'],
    ['build.yml', 'build.yml']
  ])('workflow %p is %p', (given, workflow) => {
    expect(readSettings(inputReader({ [Inputs.Workflow]: given })).runs?.workflow).toBe(workflow)
  })
})
