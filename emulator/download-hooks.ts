/**
 * Request hooks for download tests and benchmarks: a bandwidth cap on blob bodies, a transfer cut
 * off after N bytes, and a clock jump that expires signed URLs. Plug them in with `emu.addHook`.
 */
import { type Readable, Transform, type TransformCallback } from 'node:stream'
import type { RequestContext, RequestHook } from './types.js'

/** Wraps a body stream: `transform` gets each chunk; errors of the source reach the result. */
function wrap(body: Readable, transform: Transform): Readable {
  body.on('error', (error) => transform.destroy(error))
  return body.pipe(transform)
}

/**
 * Caps every blob body at `bytesPerSecond` (each transfer on its own, like a per-connection link).
 * Paces on the bytes sent so far, so timer granularity does not lower the rate.
 */
export function bandwidthCap(bytesPerSecond: number): RequestHook {
  return (ctx: RequestContext) => {
    if (ctx.kind !== 'blob') return
    ctx.transformBody = (body) => {
      const started = performance.now()
      let sent = 0
      const throttle = new Transform({
        transform(chunk: Buffer, _enc, done: TransformCallback) {
          sent += chunk.length
          const due = started + (sent / bytesPerSecond) * 1000
          const wait = due - performance.now()
          if (wait > 1) setTimeout(() => done(null, chunk), wait)
          else done(null, chunk)
        }
      })
      return wrap(body, throttle)
    }
  }
}

export interface CutOptions {
  /** Only blob requests for this artifact id (default: any). */
  artifactId?: number
  /** How many transfers to cut (default 1). */
  times?: number
  /** Runs when a transfer is chosen for cutting, before any byte is sent (e.g. jump the clock). */
  onCut?: () => void
}

/** The artifact id of a blob request (`/_blobs/{repo}/{id}`). */
export function blobArtifactId(ctx: RequestContext): number | undefined {
  const m = /^\/_blobs\/\d+\/(\d+)$/.exec(ctx.path)
  return m ? Number(m[1]) : undefined
}

/**
 * Drops the connection after `afterBytes` bytes of a blob body (the headers promised all of it):
 * a truncated transfer, as a flaky network or a restarted proxy makes.
 */
export function cutTransfer(afterBytes: number, options: CutOptions = {}): RequestHook {
  let left = options.times ?? 1
  return (ctx: RequestContext) => {
    if (ctx.kind !== 'blob' || left <= 0) return
    if (options.artifactId !== undefined && blobArtifactId(ctx) !== options.artifactId) return
    left -= 1
    options.onCut?.()
    ctx.transformBody = (body) => {
      let sent = 0
      const cutter = new Transform({
        transform(chunk: Buffer, _enc, done: TransformCallback) {
          const room = afterBytes - sent
          if (room <= 0) return done()
          sent += Math.min(room, chunk.length)
          this.push(chunk.subarray(0, room))
          if (sent >= afterBytes) setImmediate(() => ctx.res.socket?.destroy())
          done()
        }
      })
      return wrap(body, cutter)
    }
  }
}

/**
 * Moves a mutable clock past the signed URLs' lifetime when the first matching blob request
 * arrives, so that very URL (and any retry of it) is refused with 403.
 */
export function expireUrlOnce(advance: () => void, artifactId?: number): RequestHook {
  let done = false
  return (ctx: RequestContext) => {
    if (ctx.kind !== 'blob' || done) return
    if (artifactId !== undefined && blobArtifactId(ctx) !== artifactId) return
    done = true
    advance()
  }
}
