import { describe, expect, it } from '@jest/globals'
import { redactCredentials, redactUrl } from '../../src/report/escape.js'

describe('redactCredentials: a password with an @ of its own', () => {
  it.each([
    ['GET http://u:se@cret@host:99999/x failed', 'GET http://***@host:99999/x failed'],
    ['http://tok@en:pw@[::1', 'http://***@[::1'],
    ['see https://a:b@c@d@host/p?q=@x', 'see https://***@host/p?q=@x'],
    ['mail me@example.com, https://host/a@b', 'mail me@example.com, https://host/a@b']
  ])('%s', (text, shown) => {
    expect(redactCredentials(text)).toBe(shown)
  })

  it('redactUrl of a URL that does not parse shows no part of the password either', () => {
    const shown = redactUrl('http://u:se@cret@127.0.0.1:99999')
    expect(shown).not.toMatch(/cret|se@/)
  })
})
