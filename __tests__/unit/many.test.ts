import { describe, expect, it } from '@jest/globals'
import type { Artifact, ArtifactResult, Outcome } from '../../src/artifact.js'
import { InputError } from '../../src/errors.js'
import { ofOwner } from '../../src/github/repos-api.js'
import { readSettings } from '../../src/inputs.js'
import { readTargets } from '../../src/many/targets.js'
import { renderOutputs } from '../../src/report.js'
import { renderSummary } from '../../src/report/summary.js'
import {
  type RepositoryOutcome,
  renderRepositories,
  repositoriesJson,
  repositoryEntries
} from '../../src/report/repositories.js'
import { Inputs, Outputs } from '../../src/settings.js'
import { inputReader } from '../../__fixtures__/inputs.js'

describe('readTargets (the repository input)', () => {
  it('one owner/name is the single-repository path (undefined)', () => {
    expect(readTargets('octo-org/app', 'list')).toBeUndefined()
    expect(readTargets(' octo-org/app \n', 'download')).toBeUndefined()
    // the same repository twice, in another case, is still one
    expect(readTargets('octo-org/app, Octo-Org/App', 'delete')).toBeUndefined()
  })

  it('several, one per line or comma-separated, and owner/*', () => {
    expect(readTargets('a/x, a/y\nb/*\n\nb/*', 'delete')).toEqual({
      repositories: [
        { owner: 'a', repo: 'x' },
        { owner: 'a', repo: 'y' }
      ],
      owners: ['b'],
      label: 'a/x, a/y, b/*, b/*'
    })
    expect(readTargets('acme/*', 'list')).toEqual({
      repositories: [],
      owners: ['acme'],
      label: 'acme/*'
    })
  })

  it.each(['acme', 'a/b/c', '-a/b', 'a/..', 'a/*x', '*/*', 'a/b, c', ','])(
    'refuses %j naming the input',
    (value) => {
      expect(() => readTargets(value, 'list')).toThrow(InputError)
      expect(() => readTargets(value, 'list')).toThrow(/Input 'repository'/)
    }
  )

  it('download refuses several repositories and owner/*', () => {
    for (const value of ['a/x,a/y', 'a/*'])
      expect(() => readTargets(value, 'download')).toThrow(/one 'owner\/name' in download mode/)
  })

  it('readSettings refuses inputs of one repository with several', () => {
    for (const input of [Inputs.RunId, Inputs.ArtifactIds, Inputs.PullRequest]) {
      expect(() =>
        readSettings(inputReader({ [Inputs.Repository]: 'a/*', [input]: '12' }))
      ).toThrow(new RegExp(`Input '${input}'`))
    }
    const settings = readSettings(inputReader({ [Inputs.Repository]: 'a/x\na/y' }))
    expect(settings.targets?.repositories).toHaveLength(2)
    expect(readSettings(inputReader({ [Inputs.Repository]: 'a/x' })).targets).toBeUndefined()
  })
})

describe('ofOwner (a repository list is attacker-chosen data)', () => {
  it("keeps only the owner's well-named repositories, each once", () => {
    const listed = ofOwner('Acme', [
      { name: 'app', owner: { login: 'acme' }, archived: false },
      { name: 'APP', owner: { login: 'acme' } },
      { name: 'old', owner: { login: 'acme' }, archived: true },
      { name: 'other', owner: { login: 'someone' } },
      { name: '../etc', owner: { login: 'acme' } },
      { name: 'x\n::set-output', owner: { login: 'acme' } },
      { name: 42, owner: { login: 'acme' } },
      { name: 'no-owner', owner: null },
      null,
      'text'
    ])
    expect(listed).toEqual([
      { owner: 'acme', repo: 'app', archived: false },
      { owner: 'acme', repo: 'old', archived: true }
    ])
  })
})

function artifact(id: number, size: number): Artifact {
  return {
    id,
    name: `a-${id}`,
    sizeInBytes: size,
    createdAt: new Date(Date.UTC(2026, 0, 1)),
    expired: false,
    workflowRun: { id: 7 }
  }
}

function outcome(repository: string, results: [number, Outcome][]): RepositoryOutcome {
  const list: ArtifactResult[] = results.map(([size, o], i) => ({
    artifact: artifact(i + 1, size),
    outcome: o,
    repository
  }))
  return {
    repository,
    archived: false,
    result: { results: list, sparedCount: 0, listedCount: list.length }
  }
}

describe('the per-repository report', () => {
  const outcomes: RepositoryOutcome[] = [
    outcome('o/small', [[10, 'deleted']]),
    outcome('o/big', [
      [500, 'deleted'],
      [300, 'not-reached']
    ]),
    { repository: 'o/archived', archived: true },
    { repository: 'o/later', archived: false },
    { repository: 'o/broken', archived: false, error: 'not found' }
  ]

  it('entries: most bytes first, archived left out, complete only when all was done', () => {
    expect(repositoryEntries(outcomes)).toEqual([
      { repository: 'o/big', count: 2, bytes: 800, 'deleted-count': 1, complete: false },
      { repository: 'o/small', count: 1, bytes: 10, 'deleted-count': 1, complete: true },
      { repository: 'o/broken', count: 0, bytes: 0, 'deleted-count': 0, complete: false },
      { repository: 'o/later', count: 0, bytes: 0, 'deleted-count': 0, complete: false }
    ])
  })

  it('the output is cut to whole entries under its limit', () => {
    const json = repositoriesJson(outcomes, 120)
    expect(json.length).toBeLessThanOrEqual(120)
    expect(JSON.parse(json)).toEqual(repositoryEntries(outcomes).slice(0, 1))
  })

  it('the summary names archived, not reached and failed repositories; hostile names are escaped', () => {
    const hostile = outcome('o/x|y', [[5, 'listed']])
    hostile.repository = 'o/<img src=x>|`'
    const lines = renderRepositories([...outcomes, hostile]).join('\n')
    expect(lines).toContain('| o/big | 2 | 800 B | 1 | no |')
    expect(lines).toContain('Archived, skipped (1): o/archived.')
    expect(lines).toContain('Not reached (1; the next run carries on): o/later.')
    expect(lines).toContain('Could not be handled (1): o/broken.')
    // a table cell shows the text (the pie label is quoted and stripped by mermaidLabel)
    expect(lines).toContain('| o/&lt;img src=x&gt;\\|&#96; | 1 | 5 B | 0 | yes |')
    expect(lines).toMatch(/pie showData\n {2}title Bytes by repository\n {2}"o\/big" : 800/)
  })

  it('the outputs: repositories empty with one repository, and each artifact names its repository', () => {
    const results = outcomes.flatMap((o) => o.result?.results ?? [])
    const base = {
      mode: 'delete' as const,
      repository: 'o/*',
      dryRun: false,
      results,
      sparedCount: 0,
      listedCount: 3,
      missingIds: []
    }
    const single = renderOutputs(base).outputs
    expect(single[Outputs.Repositories]).toBe('')
    const many = renderOutputs({ ...base, repositories: outcomes }).outputs
    expect(JSON.parse(many[Outputs.Repositories])).toEqual(repositoryEntries(outcomes))
    const entries = JSON.parse(many[Outputs.Artifacts]) as { repository: string }[]
    expect(entries.map((e) => e.repository)).toEqual(['o/small', 'o/big', 'o/big'])
    const summary = renderSummary({ ...base, repositories: outcomes }, new Date(), 'https://x.test')
    expect(summary).toContain('https://x.test/o/big/actions/runs/7')
  })
})
