import { describe, expect, it } from '@jest/globals'
import { exactNameOf, readSettings } from '../../src/inputs.js'
import { Inputs } from '../../src/settings.js'
import { inputReader } from '../../__fixtures__/inputs.js'

describe('settings: one shape per mode', () => {
  it.each(['list', 'delete'])('%s has no download settings', (mode) => {
    const settings = readSettings(inputReader({ [Inputs.Mode]: mode, [Inputs.Name]: 'x' }))
    expect(settings.mode).toBe(mode)
    expect('download' in settings).toBe(false)
  })

  it('download has them', () => {
    const settings = readSettings(inputReader({ [Inputs.Mode]: 'download' }), {
      GITHUB_WORKSPACE: '/ws'
    })
    expect(settings.mode === 'download' && settings.download.path).toBe('/ws')
  })

  it.each([Inputs.Concurrency, Inputs.DeletesPerMinute, Inputs.KeepLatest])(
    '%s: the code has no default of its own (action.yml has it); no value is an input error',
    (input) => {
      expect(() => readSettings(inputReader({ [input]: '' }))).toThrow(`Input '${input}'`)
    }
  )
})

describe('exactNameOf: the one exact-name test', () => {
  it.each([
    [['app'], 'app'],
    [['app', 'lib'], undefined],
    [['app-*'], undefined],
    [['!app'], undefined],
    [['{a,b}'], undefined],
    [[], undefined]
  ])('%j → %s', (names, expected) => {
    expect(exactNameOf(names)).toBe(expected)
  })
})
