/**
 * Request hooks for download tests and benchmarks: a bandwidth cap on blob bodies, a transfer cut
 * off after N bytes, and a clock jump that expires signed URLs. Plug them in with `emu.addHook`.
 */
import { Readable, Transform, type TransformCallback } from 'node:stream'
import { pipeline } from 'node:stream/promises'
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
      // Taken now: once the shortened body has ended, the response lets go of its socket.
      const socket = ctx.res.socket
      const cutter = new Transform({
        transform(chunk: Buffer, _enc, done: TransformCallback) {
          const room = afterBytes - sent
          if (room <= 0) return done()
          sent += Math.min(room, chunk.length)
          this.push(chunk.subarray(0, room))
          if (sent >= afterBytes) setImmediate(() => socket?.destroy())
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

export interface SlowOptions {
  /** Only blob requests for this artifact id (default: any). */
  artifactId?: number
  /** How many transfers to treat so (default 1); the next ones are served normally. */
  times?: number
  /** Only full-body requests (not `Range` requests for an archive's tail). */
  fullBodyOnly?: boolean
}

function chooser(options: SlowOptions): (ctx: RequestContext) => boolean {
  let left = options.times ?? 1
  return (ctx) => {
    if (ctx.kind !== 'blob' || left <= 0) return false
    if (options.artifactId !== undefined && blobArtifactId(ctx) !== options.artifactId) return false
    if (options.fullBodyOnly && ctx.req.headers.range !== undefined) return false
    left -= 1
    return true
  }
}

/**
 * A blob host that accepts the connection and never answers: no status line, no headers. The
 * socket is dropped when the client gives up (or after `holdMs`, 10 minutes by default).
 */
export function noHeaders(options: SlowOptions & { holdMs?: number } = {}): RequestHook {
  const chosen = chooser(options)
  return (ctx: RequestContext) => {
    if (!chosen(ctx)) return false
    const timer = setTimeout(() => ctx.res.socket?.destroy(), options.holdMs ?? 600_000)
    timer.unref()
    ctx.res.socket?.once('close', () => clearTimeout(timer))
    return true
  }
}

/**
 * A transfer that sends its headers, then `bytes` bytes every `everyMs` (a trickle that never
 * stalls outright); `pauseMs` first delays the body as a whole.
 */
export function trickle(
  options: SlowOptions & { bytes?: number; everyMs?: number; pauseMs?: number } = {}
): RequestHook {
  const chosen = chooser(options)
  const step = options.bytes
  const every = options.everyMs ?? 2000
  return (ctx: RequestContext) => {
    if (!chosen(ctx)) return
    ctx.transformBody = (body) => {
      let closed = false
      ctx.res.once('close', () => (closed = true))
      const sleep = (ms: number): Promise<void> =>
        new Promise((resolve) => setTimeout(resolve, ms).unref())
      async function* slow(): AsyncGenerator<Buffer> {
        // The status line and headers go out now; only the body waits.
        ctx.res.flushHeaders()
        if (options.pauseMs) await sleep(options.pauseMs)
        for await (const chunk of body as AsyncIterable<Buffer>) {
          if (closed) return
          if (step === undefined) {
            yield chunk
            continue
          }
          for (let at = 0; at < chunk.length && !closed; at += step) {
            yield chunk.subarray(at, at + step)
            await sleep(every)
          }
        }
      }
      return Readable.from(slow(), { objectMode: false })
    }
  }
}

/** A blob host that ignores `Range` headers (answers 200 with the whole body), as some proxies do. */
export function ignoreRanges(): RequestHook {
  return (ctx: RequestContext) => {
    if (ctx.kind === 'blob') delete ctx.req.headers.range
  }
}

/**
 * Answers one API route with a body of the test's choosing (an attacker-shaped listing, say);
 * other requests go on as usual.
 */
export function serveJson(
  match: (ctx: RequestContext) => boolean,
  body: () => unknown
): RequestHook {
  return (ctx: RequestContext) => {
    if (ctx.kind !== 'api' || !match(ctx)) return false
    const text = JSON.stringify(body())
    ctx.record.status = 200
    ctx.res.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text)
    })
    ctx.res.end(text)
    return true
  }
}

export interface OversizedOptions extends SlowOptions {
  /** Bytes appended after the artifact's real body (zeros). */
  extraBytes: number
  /** The artifact's real body, served first. */
  body: Buffer
  /** Called with the bytes the host managed to send before the client hung up or it finished. */
  onSent?: (bytes: number) => void
}

/**
 * A blob host that sends more than the artifact: its body, then `extraBytes` of zeros, with no
 * `content-length` (chunked), so only the client can tell it has had too much. Answers whole-body
 * requests only; `Range` requests go on as usual.
 */
export function oversizedBody(options: OversizedOptions): RequestHook {
  const chosen = chooser({ ...options, fullBodyOnly: true })
  return (ctx: RequestContext) => {
    if (!chosen(ctx)) return false
    ctx.record.status = 200
    ctx.res.writeHead(200, { 'content-type': 'application/zip' })
    let sent = 0
    let closed = false
    ctx.res.once('close', () => {
      closed = true
      options.onSent?.(sent)
    })
    const zeros = Buffer.alloc(256 * 1024)
    async function* body(): AsyncGenerator<Buffer> {
      sent += options.body.length
      yield options.body
      for (let left = options.extraBytes; left > 0 && !closed; left -= zeros.length) {
        const chunk = zeros.subarray(0, Math.min(left, zeros.length))
        sent += chunk.length
        yield chunk
      }
    }
    pipeline(Readable.from(body(), { objectMode: false }), ctx.res).catch(() => undefined)
    return true
  }
}
