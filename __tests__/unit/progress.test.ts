import { describe, expect, it } from '@jest/globals'
import { Progress } from '../../src/progress.js'
import { CoreRecorder } from '../../__fixtures__/core.js'
import { FakeClock } from '../../__fixtures__/fake-clock.js'

describe('Progress', () => {
  it('logs at most once per interval, and not after the last item', () => {
    const clock = new FakeClock()
    const log = new CoreRecorder()
    const progress = new Progress('Deleted', 5, log, clock, 10_000)
    clock.advance(4000)
    progress.tick(100) // 4 s: too soon
    expect(log.infos).toHaveLength(0)
    clock.advance(6000)
    progress.tick(100) // 10 s: a line
    expect(log.infos).toHaveLength(1)
    clock.advance(5000)
    progress.tick(100) // 15 s: too soon after the last line
    expect(log.infos).toHaveLength(1)
    clock.advance(10_000)
    progress.tick(100) // 25 s: a line
    expect(log.infos).toHaveLength(2)
    clock.advance(60_000)
    progress.tick(100) // the last item: the caller reports the end
    expect(log.infos).toHaveLength(2)
  })

  it('says done/total, bytes, rate and ETA', () => {
    const clock = new FakeClock()
    const log = new CoreRecorder()
    const progress = new Progress('Deleted', 10, log, clock)
    for (let i = 0; i < 5; i++) progress.tick(1_000_000)
    const line = progress.line(clock.now() + 50_000)
    expect(line).toContain('5/10')
    expect(line).toContain('5.0 MB')
    expect(line).toContain('6/min')
    expect(line).toContain('50s')
  })
})
