import { describe, expect, it } from '@jest/globals'
import { listArtifacts } from '../../src/operations/list.js'
import { artifacts } from '../../__fixtures__/artifacts.js'

describe('listArtifacts', () => {
  it('reports the selected as listed and what limit held back as not-reached, in order', () => {
    const list = artifacts(4)
    const results = listArtifacts({
      selected: list.slice(0, 2),
      notReached: list.slice(2),
      spared: [],
      listed: 4
    })
    expect(results.map((r) => [r.artifact.id, r.outcome])).toEqual([
      [1, 'listed'],
      [2, 'listed'],
      [3, 'not-reached'],
      [4, 'not-reached']
    ])
  })
})
