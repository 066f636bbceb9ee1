/**
 * The signed-URL blob store behind "Download an artifact": GitHub answers 302 to a short-lived
 * signed URL (Azure Blob Storage). Like Azure, it rejects requests that carry an Authorization
 * header (400) and answers 403 AuthenticationFailed when the signature is bad or expired.
 * Blob requests do not count against the API rate limit.
 */
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { sendXml, writeHead, type Responder } from './http.js'
import { contentOf, type Store } from './state.js'
import type { RequestContext } from './types.js'

export const BLOB_PREFIX = '/_blobs/'
const CHUNK = 64 * 1024

export type Verdict = 'ok' | 'bad' | 'expired'

export class BlobSigner {
  private readonly secret = randomBytes(32)

  constructor(
    readonly ttlMs: number,
    private readonly now: () => number
  ) {}

  private mac(repoKey: number, artifactId: number, exp: number): Buffer {
    return createHmac('sha256', this.secret).update(`${repoKey}/${artifactId}/${exp}`).digest()
  }

  /** An absolute signed URL valid for ttlMs from now. */
  sign(baseUrl: string, repoKey: number, artifactId: number): string {
    const exp = this.now() + this.ttlMs
    const sig = this.mac(repoKey, artifactId, exp).toString('base64url')
    return `${baseUrl}${BLOB_PREFIX}${repoKey}/${artifactId}?exp=${exp}&sig=${sig}`
  }

  verify(
    repoKey: number,
    artifactId: number,
    exp: string | undefined,
    sig: string | undefined
  ): Verdict {
    if (!exp || !/^\d+$/.test(exp) || !sig) return 'bad'
    const expected = this.mac(repoKey, artifactId, Number(exp))
    const given = Buffer.from(sig, 'base64url')
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'bad'
    return this.now() >= Number(exp) ? 'expired' : 'ok'
  }
}

function azureError(code: string, message: string, detail?: string): string {
  const time = new Date().toUTCString()
  return (
    '\ufeff<?xml version="1.0" encoding="utf-8"?><Error>' +
    `<Code>${code}</Code><Message>${message}\nRequestId:${randomUUID()}\nTime:${time}</Message>` +
    (detail ? `<AuthenticationErrorDetail>${detail}</AuthenticationErrorDetail>` : '') +
    '</Error>'
  )
}

export interface BlobDeps {
  store: Store
  signer: BlobSigner
  now: () => number
  onAuthorizationAttempt: () => void
}

function* chunks(buf: Buffer): Generator<Buffer> {
  for (let off = 0; off < buf.length; off += CHUNK) yield buf.subarray(off, off + CHUNK)
}

export async function handleBlob(ctx: RequestContext & Responder, deps: BlobDeps): Promise<void> {
  ctx.headers['x-ms-request-id'] = randomUUID()
  ctx.headers['x-ms-version'] = '2021-12-02'
  if (ctx.req.headers.authorization !== undefined) {
    deps.onAuthorizationAttempt()
    sendXml(
      ctx,
      400,
      azureError(
        'InvalidAuthenticationInfo',
        'Authentication information is not given in the correct format. Check the value of Authorization header.'
      )
    )
    return
  }
  const m = /^\/_blobs\/(\d+)\/(\d+)$/.exec(ctx.path)
  if (!m) {
    sendXml(ctx, 404, azureError('ResourceNotFound', 'The specified resource does not exist.'))
    return
  }
  if (ctx.method !== 'GET' && ctx.method !== 'HEAD') {
    sendXml(
      ctx,
      405,
      azureError('UnsupportedHttpVerb', 'The resource doesn\u2019t support specified Http Verb.')
    )
    return
  }
  const repoKey = Number(m[1]) // the repository's serial, unique in this emulator
  const artifactId = Number(m[2])
  const verdict = deps.signer.verify(repoKey, artifactId, ctx.query.exp, ctx.query.sig)
  if (verdict !== 'ok') {
    const detail =
      verdict === 'expired'
        ? `Signed expiry time [${new Date(Number(ctx.query.exp)).toUTCString()}] must be after signed start time [${new Date(deps.now()).toUTCString()}]`
        : 'Signature fields not well formed or signature did not match.'
    sendXml(
      ctx,
      403,
      azureError(
        'AuthenticationFailed',
        'Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.',
        detail
      )
    )
    return
  }
  const artifact = deps.store.getBySerial(repoKey)?.artifacts.get(artifactId)
  if (!artifact) {
    sendXml(ctx, 404, azureError('BlobNotFound', 'The specified blob does not exist.'))
    return
  }
  const body = artifact.stream ? undefined : contentOf(artifact)
  const size = body ? body.length : artifact.size
  const ascii = artifact.name.replace(/[^\x20-\x7e]|["\\]/g, '_')
  // Azure serves byte ranges (`Range: bytes=-N`, `bytes=S-E`, `bytes=S-`) with 206.
  const range = parseRange(ctx.req.headers.range, size)
  if (range === 'unsatisfiable') {
    sendXml(
      ctx,
      416,
      azureError(
        'InvalidRange',
        'The range specified is invalid for the current size of the resource.'
      )
    )
    return
  }
  writeHead(ctx, range ? 206 : 200, {
    'content-type': 'application/zip',
    'content-length': String(range ? range.end - range.start : size),
    ...(range ? { 'content-range': `bytes ${range.start}-${range.end - 1}/${size}` } : {}),
    'accept-ranges': 'bytes',
    'content-disposition': `attachment; filename="${ascii}.zip"; filename*=UTF-8''${encodeURIComponent(artifact.name)}.zip`,
    'last-modified': new Date(artifact.createdMs).toUTCString(),
    etag: `"0x${artifact.id.toString(16).toUpperCase()}"`,
    'x-ms-blob-type': 'BlockBlob'
  })
  if (ctx.method === 'HEAD') {
    ctx.res.end()
    return
  }
  let stream: Readable = body
    ? Readable.from(chunks(range ? body.subarray(range.start, range.end) : body), {
        objectMode: false
      })
    : (artifact.stream as () => Readable)()
  if (range && !body) stream = slice(stream, range.start, range.end)
  if (ctx.transformBody) stream = ctx.transformBody(stream)
  try {
    await pipeline(stream, ctx.res)
  } catch {
    // the client went away, or a hook cut the stream: nothing left to answer
  }
}

/** A `Range` header's byte range [start, end), undefined for none (or one we do not serve). */
export function parseRange(
  header: string | undefined,
  size: number
): { start: number; end: number } | 'unsatisfiable' | undefined {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header ?? '')
  if (!m || (m[1] === '' && m[2] === '')) return undefined
  if (m[1] === '') {
    const n = Math.min(Number(m[2]), size)
    return n === 0 ? 'unsatisfiable' : { start: size - n, end: size }
  }
  const start = Number(m[1])
  const end = m[2] === '' ? size : Math.min(Number(m[2]) + 1, size)
  return start >= size || end <= start ? 'unsatisfiable' : { start, end }
}

/** The bytes [start, end) of a stream. */
function slice(source: Readable, start: number, end: number): Readable {
  async function* cut(): AsyncGenerator<Buffer> {
    let at = 0
    for await (const chunk of source as AsyncIterable<Buffer>) {
      const from = Math.max(start - at, 0)
      const to = Math.min(end - at, chunk.length)
      at += chunk.length
      if (to > from) yield chunk.subarray(from, to)
      if (at >= end) break
    }
  }
  return Readable.from(cut(), { objectMode: false })
}
