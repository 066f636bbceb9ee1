import { describe, expect, it } from '@jest/globals'
import { InputError } from '../../src/errors.js'
import { readSettings, withoutCredentials } from '../../src/inputs.js'
import { Inputs, Outputs } from '../../src/settings.js'
import { readActionMetadata } from '../../__fixtures__/action-yml.js'
import { REPOSITORY, TOKEN, actionDefaults, inputReader } from '../../__fixtures__/inputs.js'

const DAY = 86_400_000

/** The error readSettings throws for these inputs (fails the test when it throws none). */
function errorFor(given: Record<string, string>): Error {
  try {
    readSettings(inputReader(given))
  } catch (error) {
    return error as Error
  }
  throw new Error(`readSettings accepted ${JSON.stringify(given)}`)
}

describe('action.yml', () => {
  it('declares exactly the inputs of Inputs, and the outputs of Outputs', () => {
    const metadata = readActionMetadata()
    expect([...metadata.inputs.keys()].sort()).toEqual(Object.values(Inputs).sort())
    expect([...metadata.outputs].sort()).toEqual(Object.values(Outputs).sort())
  })

  it('gives every input a default (the runner then always passes a value)', () => {
    const undeclared = [...readActionMetadata().inputs].filter(([, value]) => value === undefined)
    expect(undeclared).toEqual([])
  })

  it("has the spec's defaults", () => {
    const defaults = Object.fromEntries(readActionMetadata().inputs)
    expect(defaults).toEqual({
      [Inputs.Mode]: 'list',
      [Inputs.Token]: '${{ github.token }}',
      [Inputs.Repository]: '${{ github.repository }}',
      [Inputs.Name]: '',
      [Inputs.ArtifactIds]: '',
      [Inputs.RunId]: '',
      [Inputs.Branch]: '',
      [Inputs.Commit]: '',
      [Inputs.OlderThan]: '',
      [Inputs.NewerThan]: '',
      [Inputs.MinSize]: '',
      [Inputs.IncludeExpired]: 'false',
      [Inputs.KeepLatest]: '0',
      [Inputs.KeepLatestBy]: 'name',
      [Inputs.Limit]: '',
      [Inputs.DryRun]: 'false',
      [Inputs.IfNoneFound]: 'auto',
      [Inputs.RateLimitReserve]: '10%',
      [Inputs.Concurrency]: '8',
      [Inputs.DeletesPerMinute]: '150',
      [Inputs.Workflow]: '',
      [Inputs.RunConclusion]: 'auto',
      [Inputs.Event]: '',
      [Inputs.PullRequest]: '',
      [Inputs.Latest]: 'run',
      [Inputs.KeepTagged]: '',
      [Inputs.AllowForks]: 'false',
      [Inputs.Path]: '.',
      [Inputs.MergeMultiple]: 'false',
      [Inputs.Extract]: 'true',
      [Inputs.DigestMismatch]: 'error'
    })
  })

  it('the fixture reader evaluates only the runner expressions', () => {
    const defaults = actionDefaults()
    expect(defaults.get(Inputs.Token)).toBe(TOKEN)
    expect(defaults.get(Inputs.Repository)).toBe(REPOSITORY)
    expect(defaults.get(Inputs.RateLimitReserve)).toBe('10%')
  })
})

describe('readSettings with the defaults', () => {
  it('lists every unexpired artifact of the repository, newest first', () => {
    const settings = readSettings(inputReader())
    expect(settings).toEqual({
      mode: 'list',
      token: TOKEN,
      owner: 'octo-org',
      repo: 'widgets',
      scope: { kind: 'repository' },
      criteria: {
        names: [],
        includeExpired: false,
        keepLatest: 0,
        keepLatestBy: 'name',
        keepTagged: [],
        order: 'newest-first'
      },
      dryRun: false,
      ifNoneFound: 'ignore',
      reserve: { kind: 'percent', value: 10 },
      concurrency: 8,
      deletesPerMinute: 150,
      apiUrl: 'https://api.github.com',
      serverUrl: 'https://github.com'
    })
    expect(settings.scope).not.toHaveProperty('exactName', expect.anything())
    expect(settings.criteria.limit).toBeUndefined()
    expect(settings.criteria.olderThanMs).toBeUndefined()
  })

  it('takes the API and server URLs from the environment, without a trailing slash', () => {
    const settings = readSettings(inputReader(), {
      GITHUB_API_URL: 'https://ghe.example.com/api/v3/',
      GITHUB_SERVER_URL: 'https://ghe.example.com/'
    })
    expect(settings.apiUrl).toBe('https://ghe.example.com/api/v3')
    expect(settings.serverUrl).toBe('https://ghe.example.com')
  })
})

describe('readSettings parses good values', () => {
  it('reads every input', () => {
    const settings = readSettings(
      inputReader({
        [Inputs.Mode]: 'delete',
        [Inputs.Token]: '  ghp_other  ',
        [Inputs.Repository]: 'some-owner/some.repo_name-2',
        [Inputs.Name]: 'build-*\n!build-debug',
        [Inputs.Branch]: 'release/**',
        [Inputs.Commit]: 'ABCDEF1234',
        [Inputs.OlderThan]: '30 days',
        [Inputs.NewerThan]: '1 year',
        [Inputs.MinSize]: '10MB',
        [Inputs.IncludeExpired]: 'True',
        [Inputs.KeepLatest]: '3',
        [Inputs.KeepLatestBy]: 'name-and-branch',
        [Inputs.Limit]: '500',
        [Inputs.DryRun]: 'TRUE',
        [Inputs.IfNoneFound]: 'warn',
        [Inputs.RateLimitReserve]: '250',
        [Inputs.Concurrency]: '64',
        [Inputs.DeletesPerMinute]: '0'
      })
    )
    expect(settings).toMatchObject({
      mode: 'delete',
      token: 'ghp_other',
      owner: 'some-owner',
      repo: 'some.repo_name-2',
      scope: { kind: 'repository' },
      criteria: {
        names: ['build-*', '!build-debug'],
        branch: 'release/**',
        commit: 'abcdef1234',
        olderThanMs: 30 * DAY,
        newerThanMs: 365 * DAY,
        minSize: 10_000_000,
        includeExpired: true,
        keepLatest: 3,
        keepLatestBy: 'name-and-branch',
        limit: 500,
        order: 'oldest-first'
      },
      dryRun: true,
      ifNoneFound: 'warn',
      reserve: { kind: 'count', value: 250 },
      concurrency: 64,
      deletesPerMinute: 0
    })
  })

  it.each([
    ['true', true],
    ['True', true],
    ['TRUE', true],
    ['false', false],
    ['False', false],
    ['FALSE', false]
  ])('accepts the boolean %p as core.getBooleanInput does', (value, expected) => {
    const settings = readSettings(
      inputReader({ [Inputs.IncludeExpired]: value, [Inputs.DryRun]: value })
    )
    expect(settings.criteria.includeExpired).toBe(expected)
    expect(settings.dryRun).toBe(expected)
  })

  it.each([
    ['10%', { kind: 'percent', value: 10 }],
    ['0%', { kind: 'percent', value: 0 }],
    ['100%', { kind: 'percent', value: 100 }],
    ['2.5%', { kind: 'percent', value: 2.5 }],
    ['0', { kind: 'count', value: 0 }],
    ['500', { kind: 'count', value: 500 }]
  ])('reads rate-limit-reserve %p', (value, reserve) => {
    expect(readSettings(inputReader({ [Inputs.RateLimitReserve]: value })).reserve).toEqual(reserve)
  })

  it('uses the same list grammar for names and ids (lines, commas, braces kept whole)', () => {
    const settings = readSettings(
      inputReader({ [Inputs.Name]: 'a, {b,c}-*\r\n d ,\n\n', [Inputs.ArtifactIds]: '' })
    )
    expect(settings.criteria.names).toEqual(['a', '{b,c}-*', 'd'])
  })
})

describe('readSettings chooses where to list from', () => {
  it('artifact-ids: those ids, de-duplicated, in the given order', () => {
    const settings = readSettings(inputReader({ [Inputs.ArtifactIds]: '30, 10\n20,30' }))
    expect(settings.scope).toEqual({ kind: 'ids', ids: [30, 10, 20] })
  })

  it('artifact-ids with a name: still fetched by id, the name still filters', () => {
    const settings = readSettings(
      inputReader({ [Inputs.ArtifactIds]: '5', [Inputs.Name]: 'build' })
    )
    expect(settings.scope).toEqual({ kind: 'ids', ids: [5] })
    expect(settings.criteria.names).toEqual(['build'])
  })

  it('run-id: that run', () => {
    expect(readSettings(inputReader({ [Inputs.RunId]: '123456789' })).scope).toEqual({
      kind: 'run',
      runId: 123456789
    })
  })

  it('run-id with one exact name: that run, with the name as the server filter', () => {
    const settings = readSettings(inputReader({ [Inputs.RunId]: '7', [Inputs.Name]: 'coverage' }))
    expect(settings.scope).toEqual({ kind: 'run', runId: 7, exactName: 'coverage' })
  })

  it('one exact name: the repository, with the name as the server filter', () => {
    const settings = readSettings(inputReader({ [Inputs.Name]: ' my-artifact ' }))
    expect(settings.scope).toEqual({ kind: 'repository', exactName: 'my-artifact' })
  })

  it.each([['build-*'], ['build-?'], ['build-[0-9]'], ['{a,b}'], ['!debug'], ['a,b'], ['a\nb']])(
    'name %p is not sent as the exact-name server filter',
    (name) => {
      const scope = readSettings(inputReader({ [Inputs.Name]: name })).scope
      expect(scope.kind).toBe('repository')
      expect(scope).not.toHaveProperty('exactName', expect.anything())
    }
  )

  it('refuses artifact-ids and run-id together, naming run-id', () => {
    const error = errorFor({ [Inputs.ArtifactIds]: '1', [Inputs.RunId]: '2' })
    expect(error).toBeInstanceOf(InputError)
    expect(error.message).toContain(`'${Inputs.RunId}'`)
    expect(error.message).toContain(Inputs.ArtifactIds)
  })
})

describe('readSettings if-none-found', () => {
  it.each([['list'], ['delete']])("'auto' is 'ignore' in %s mode", (mode) => {
    const settings = readSettings(inputReader({ [Inputs.Mode]: mode, [Inputs.Name]: 'x' }))
    expect(settings.ifNoneFound).toBe('ignore')
  })

  it.each([['error'], ['warn'], ['ignore']])('passes %p through', (value) => {
    expect(readSettings(inputReader({ [Inputs.IfNoneFound]: value })).ifNoneFound).toBe(value)
  })
})

// Every bad value of every input: the message names the input and the value, and says what is
// allowed ("expected …").
const BAD_VALUES: [string, string[]][] = [
  [Inputs.Mode, ['remove', 'LIST', 'Delete', '', 'list,delete']],
  [
    Inputs.Repository,
    [
      'widgets',
      'octo-org/',
      '/widgets',
      'a/b/c',
      'octo-org/..',
      'octo-org/.',
      '-octo/widgets',
      'octo org/widgets',
      'https://github.com/octo-org/widgets',
      ''
    ]
  ],
  [Inputs.Name, ['!', 'ok,!', 'tab\there']],
  [Inputs.ArtifactIds, ['abc', '0', '-1', '1.5', '1e3', '0x10', '12345678901234567']],
  [Inputs.RunId, ['0', 'abc', '-3', '1e5', '12.0', '#12']],
  [Inputs.Commit, ['abc12', 'abcdef', 'xyz1234', 'HEAD', 'a'.repeat(41), 'abcdef1 '.repeat(2)]],
  [Inputs.OlderThan, ['30', '-5d', '5 fortnights', 'forever', 'P', 'PT', '0d', '1d-2h', 'd']],
  [Inputs.NewerThan, ['12', '-1h', '3 eons', 'P1X', '0s']],
  [Inputs.MinSize, ['10 MBs', '-1', '1.5', 'lots', '10K', 'MB', '1,000']],
  [Inputs.IncludeExpired, ['yes', '1', 'on', 'y', '', 'tRUE']],
  [Inputs.KeepLatest, ['-1', 'two', '1.5', '1e2']],
  [Inputs.KeepLatestBy, ['branch', 'Name', '', 'name,all']],
  [Inputs.Limit, ['0', '-1', 'ten', '2.5']],
  [Inputs.DryRun, ['yes', 'no', '0', '', 'off']],
  [Inputs.IfNoneFound, ['fail', 'skip', '', 'Error', 'auto,warn']],
  [Inputs.RateLimitReserve, ['10 %', '150%', '-5', 'ten', '1.5', '%', '', '5%%']],
  [Inputs.Concurrency, ['0', '65', 'many', '-1', '1.5']],
  [Inputs.DeletesPerMinute, ['-1', 'fast', '1.5', '100001']]
]

describe('readSettings rejects bad input', () => {
  const cases = BAD_VALUES.flatMap(([input, values]) => values.map((value) => [input, value]))

  it.each(cases)('%s: %p', (input, value) => {
    const error = errorFor({ [input]: value })
    expect(error).toBeInstanceOf(InputError)
    expect(error.message).toContain(`'${input}'`)
    // list inputs name the bad item rather than the whole value
    const shown = input === Inputs.Name && value === 'ok,!' ? '!' : value.trim()
    expect(error.message).toContain(`'${shown}'`)
    expect(error.message).toMatch(/expected \S/)
  })

  it('names the bad id in a list of ids', () => {
    const error = errorFor({ [Inputs.ArtifactIds]: '12, 13\nx14' })
    expect(error.message).toContain(`'${Inputs.ArtifactIds}'`)
    expect(error.message).toContain("'x14'")
  })

  it('rejects an empty token, naming the token input', () => {
    for (const token of ['', '   ']) {
      const error = errorFor({ [Inputs.Token]: token })
      expect(error).toBeInstanceOf(InputError)
      expect(error.message).toContain(`'${Inputs.Token}'`)
    }
  })

  it('never puts the token in an error message', () => {
    const secret = 'ghs_DoNotLeakThisToken_0123456789'
    for (const [input, values] of BAD_VALUES) {
      for (const value of values) {
        const error = (() => {
          try {
            readSettings(inputReader({ [Inputs.Token]: secret, [input]: value }))
          } catch (e) {
            return e as Error
          }
          throw new Error(`accepted ${input}=${value}`)
        })()
        expect(error.message).not.toContain(secret)
        expect(error.message).not.toContain('DoNotLeak')
      }
    }
    const rail = (() => {
      try {
        readSettings(inputReader({ [Inputs.Token]: secret, [Inputs.Mode]: 'delete' }))
      } catch (e) {
        return e as Error
      }
      throw new Error('accepted delete with no selecting input')
    })()
    expect(rail.message).not.toContain(secret)
  })
})

describe('the delete-everything safety rail', () => {
  const SELECTING: Record<string, string> = {
    [Inputs.Name]: 'build',
    [Inputs.ArtifactIds]: '42',
    [Inputs.RunId]: '42',
    [Inputs.Branch]: 'main',
    [Inputs.Commit]: 'abcdef1',
    [Inputs.OlderThan]: '30d',
    [Inputs.NewerThan]: '1d',
    [Inputs.MinSize]: '1MB'
  }

  it('refuses mode delete with no selecting input, and says how to ask for everything', () => {
    const error = errorFor({ [Inputs.Mode]: 'delete' })
    expect(error.message).toContain("name: '*'")
    expect(error.message).toContain('delete')
  })

  it('is not bypassed by dry-run, keep-latest, limit or include-expired', () => {
    const error = errorFor({
      [Inputs.Mode]: 'delete',
      [Inputs.DryRun]: 'true',
      [Inputs.KeepLatest]: '5',
      [Inputs.Limit]: '10',
      [Inputs.IncludeExpired]: 'true'
    })
    expect(error.message).toContain("name: '*'")
  })

  it.each([[','], [' , \n ,'], ['\n']])(
    'refuses a name of separators only (%p), which would select every name',
    (name) => {
      expect(errorFor({ [Inputs.Mode]: 'delete', [Inputs.Name]: name }).message).toContain(
        "name: '*'"
      )
    }
  )

  it('refuses artifact-ids of separators only, which would list the whole repository', () => {
    const error = errorFor({ [Inputs.Mode]: 'delete', [Inputs.ArtifactIds]: ',' })
    expect(error.message).toContain("name: '*'")
  })

  it("allows name: '*'", () => {
    const settings = readSettings(inputReader({ [Inputs.Mode]: 'delete', [Inputs.Name]: '*' }))
    expect(settings.mode).toBe('delete')
    expect(settings.criteria.names).toEqual(['*'])
  })

  it.each(Object.entries(SELECTING))('allows mode delete with only %s', (input, value) => {
    expect(readSettings(inputReader({ [Inputs.Mode]: 'delete', [input]: value })).mode).toBe(
      'delete'
    )
  })

  it('does not apply to list', () => {
    expect(readSettings(inputReader({ [Inputs.Mode]: 'list' })).mode).toBe('list')
  })
})

describe('readSettings: run inputs', () => {
  it('no run input: no run criteria (no run requests at all)', () => {
    expect(readSettings(inputReader()).runs).toBeUndefined()
    expect(readSettings(inputReader({ [Inputs.RunConclusion]: 'any' })).runs).toBeUndefined()
  })

  it('reads workflow, run-conclusion, event and pull-request', () => {
    const settings = readSettings(
      inputReader({
        [Inputs.Workflow]: 'build.yml',
        [Inputs.RunConclusion]: 'failure',
        [Inputs.Event]: 'pull_request',
        [Inputs.PullRequest]: '42'
      })
    )
    expect(settings.runs).toEqual({
      workflow: 'build.yml',
      conclusion: 'failure',
      event: 'pull_request',
      pullRequest: 42
    })
    expect(readSettings(inputReader({ [Inputs.Workflow]: '161335' })).runs).toEqual({
      workflow: '161335'
    })
    expect(readSettings(inputReader({ [Inputs.Workflow]: 'ci.yaml' })).runs?.workflow).toBe(
      'ci.yaml'
    )
  })

  it("run-conclusion 'auto' is any for list and delete (success for download, once it lands)", () => {
    expect(readSettings(inputReader({ [Inputs.Workflow]: 'build.yml' })).runs).toEqual({
      workflow: 'build.yml'
    })
  })

  it('a run filter is a selecting input for delete; run-conclusion any or auto is not', () => {
    const del = { [Inputs.Mode]: 'delete' }
    expect(readSettings(inputReader({ ...del, [Inputs.Workflow]: 'build.yml' })).mode).toBe(
      'delete'
    )
    expect(readSettings(inputReader({ ...del, [Inputs.RunConclusion]: 'failure' })).runs).toEqual({
      conclusion: 'failure'
    })
    expect(readSettings(inputReader({ ...del, [Inputs.PullRequest]: '7' })).runs).toEqual({
      pullRequest: 7
    })
    expect(() => readSettings(inputReader({ ...del, [Inputs.RunConclusion]: 'any' }))).toThrow(
      /needs at least one selecting input/
    )
  })

  it.each([
    [Inputs.Workflow, 'build'],
    [Inputs.Workflow, '.github/workflows/build.yml'],
    [Inputs.Workflow, '0'],
    [Inputs.Workflow, 'Build CI'],
    [Inputs.RunConclusion, 'green'],
    [Inputs.RunConclusion, 'Success'],
    [Inputs.RunConclusion, 'in_progress'],
    [Inputs.Event, 'Push'],
    [Inputs.Event, 'push,pull_request'],
    [Inputs.PullRequest, '0'],
    [Inputs.PullRequest, '#12'],
    [Inputs.PullRequest, '1.5']
  ])('refuses %s %p, naming the input and the value', (input, value) => {
    const error = errorFor({ [input]: value })
    expect(error).toBeInstanceOf(InputError)
    expect(error.message).toContain(`'${input}'`)
    expect(error.message).toContain(`'${value}'`)
  })
})

describe('secrets in inputs and the environment (issue 11)', () => {
  it.each(['ghs_A\nghs_B', 'ghs_A\r\nghs_B', 'ghs_A ghs_B', 'ghs_A\tghs_B'])(
    'a token with whitespace inside (%j) is refused, naming the input, never the value',
    (token) => {
      const error = errorFor({ [Inputs.Token]: token })
      expect(error.message).toContain(`Input '${Inputs.Token}'`)
      expect(error.message).not.toContain('ghs_A')
      expect(error.message).not.toContain('ghs_B')
    }
  )

  it('GITHUB_API_URL: a user:password is dropped, the rest is used as it is', () => {
    expect(withoutCredentials('https://u:p@ghe.example/api/v3')).toBe('https://ghe.example/api/v3')
    expect(withoutCredentials('https://token@ghe.example/api/v3')).toBe(
      'https://ghe.example/api/v3'
    )
    expect(withoutCredentials('https://api.github.com')).toBe('https://api.github.com')
    const settings = readSettings(inputReader({}), {
      GITHUB_API_URL: 'http://u:SECRET@127.0.0.1:8080/'
    })
    expect(settings.apiUrl).toBe('http://127.0.0.1:8080')
  })
})

describe('keep-tagged and GITHUB_RUN_ID', () => {
  it('reads tag-name globs, one per line or comma-separated, with exclusions', () => {
    const settings = readSettings(
      inputReader({
        [Inputs.Mode]: 'delete',
        [Inputs.Name]: '*',
        [Inputs.KeepTagged]: 'v*\n!v*-rc*, release-*'
      })
    )
    expect(settings.criteria.keepTagged).toEqual(['v*', '!v*-rc*', 'release-*'])
  })

  it('refuses a lone ! naming the input', () => {
    expect(() => readSettings(inputReader({ [Inputs.KeepTagged]: 'v*,!' }))).toThrow(
      "Input 'keep-tagged' has an invalid value '!'"
    )
  })

  it('takes the current run from GITHUB_RUN_ID, and nothing from junk', () => {
    expect(readSettings(inputReader(), { GITHUB_RUN_ID: '123456' }).currentRunId).toBe(123456)
    expect(readSettings(inputReader(), { GITHUB_RUN_ID: '12x' }).currentRunId).toBeUndefined()
  })
})
