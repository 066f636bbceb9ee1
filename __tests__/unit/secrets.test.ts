import { describe, expect, it } from '@jest/globals'
import { maskToken, MIN_SECRET_PART, redactSecrets, secretParts } from '../../src/report/secrets.js'

describe('secretParts', () => {
  it('is the token alone when it is one line', () => {
    expect(secretParts('ghs_0123456789abcdef')).toEqual(['ghs_0123456789abcdef'])
    expect(secretParts('')).toEqual([])
  })

  it('adds each line and the forms a line-broken token is printed in', () => {
    const parts = secretParts('ghs_AAAA\nghs_BBBB')
    expect(parts).toEqual(
      expect.arrayContaining([
        'ghs_AAAA\nghs_BBBB',
        'ghs_AAAA',
        'ghs_BBBB',
        'ghs_AAAA%0Aghs_BBBB',
        'ghs_AAAA\\nghs_BBBB'
      ])
    )
    expect(parts).toHaveLength(5)
    // longest first
    expect([...parts].sort((a, b) => b.length - a.length)).toEqual(parts)
  })

  it('handles CR and CRLF, trims, and skips pieces too short to mask', () => {
    const parts = secretParts(' ab\r\nghs_CCCC\rghs_DDDD ')
    expect(parts).toContain('ghs_CCCC')
    expect(parts).toContain('ghs_DDDD')
    expect(parts).toContain(' ab%0D%0Aghs_CCCC%0Dghs_DDDD ')
    expect(parts.filter((p) => p.length < MIN_SECRET_PART)).toEqual([])
    expect(parts).not.toContain('ab')
  })
})

describe('maskToken', () => {
  it('registers every part with the runner', () => {
    const registered: string[] = []
    maskToken('ghs_AAAA\nghs_BBBB', (s) => registered.push(s))
    expect(registered).toEqual(secretParts('ghs_AAAA\nghs_BBBB'))
  })
})

describe('redactSecrets', () => {
  it('hides a line-broken token in the header error that leaked it (issue 11)', () => {
    const token = 'ghs_AAAA\nghs_BBBB'
    const message = 'Headers.append: "token ghs_AAAA%0Aghs_BBBB" is an invalid header value.'
    const out = redactSecrets(message, [token])
    expect(out).toBe('Headers.append: "token ***" is an invalid header value.')
    expect(redactSecrets('first ghs_AAAA then ghs_BBBB', [token])).toBe('first *** then ***')
  })

  it('leaves text without the secret unchanged', () => {
    expect(redactSecrets('nothing here', ['ghs_ZZZZ'])).toBe('nothing here')
    expect(redactSecrets('nothing here', [''])).toBe('nothing here')
  })
})
