import { describe, expect, it } from '@jest/globals'
import { createSafeLog, withSafeLog } from '../../src/safe-log.js'

function recorder(): {
  io: {
    info(m: string): void
    warning(m: string): void
    debug(m: string): void
    setFailed(m: string): void
    startGroup(m: string): void
    other: number
  }
  lines: string[]
} {
  const lines: string[] = []
  const io = {
    info: (m: string): void => void lines.push(`info ${m}`),
    warning: (m: string): void => void lines.push(`warning ${m}`),
    debug: (m: string): void => void lines.push(`debug ${m}`),
    setFailed: (m: string): void => void lines.push(`failed ${m}`),
    startGroup: (m: string): void => void lines.push(`group ${m}`),
    other: 42
  }
  return { io, lines }
}

describe('safe log', () => {
  it('escapes control characters in every kind of message', () => {
    const { io, lines } = recorder()
    const log = withSafeLog(io, createSafeLog())
    log.info('a\n::set-output name=x::y')
    log.warning('b\r::warning::c')
    log.debug('\u001b[31mred')
    log.setFailed('d\n::stop-commands::t')
    log.startGroup('e\u2028f')
    expect(lines).toEqual([
      'info a\\n::set-output name=x::y',
      'warning b\\r::warning::c',
      'debug \\x1b[31mred',
      'failed d\\n::stop-commands::t',
      'group e\\u2028f'
    ])
  })

  it('a message of our own that starts with :: or holds ##[ is not a command', () => {
    const { io, lines } = recorder()
    const log = withSafeLog(io, createSafeLog())
    log.info('::error::x ##[add-mask]y')
    expect(lines).toEqual(['info \\x3a:error::x #\\x23[add-mask]y'])
  })

  it("hides a URL's user:password", () => {
    const { io, lines } = recorder()
    withSafeLog(io, createSafeLog()).setFailed('GET http://u:PASS@host/x failed')
    expect(lines).toEqual(['failed GET http://***@host/x failed'])
  })

  it('scrubs every piece of a secret once it is known, in every printed form', () => {
    const { io, lines } = recorder()
    const safe = createSafeLog()
    const log = withSafeLog(io, safe)
    log.info('before ghs_AAAA')
    safe.secrets.push('ghs_AAAA\nghs_BBBB')
    log.info('whole ghs_AAAA\nghs_BBBB')
    log.info('header "token ghs_AAAA%0Aghs_BBBB" is invalid')
    log.warning('one line ghs_BBBB')
    expect(lines).toEqual([
      'info before ghs_AAAA',
      'info whole ***',
      'info header "token ***" is invalid',
      'warning one line ***'
    ])
  })

  it('passes everything else of io through', () => {
    const { io } = recorder()
    expect(withSafeLog(io, createSafeLog()).other).toBe(42)
  })
})
