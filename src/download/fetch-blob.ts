/**
 * Fetches a signed blob URL to a file while hashing it. The request carries no credentials (no
 * Authorization header, even when the blob is on the API's host) and follows no redirect; the
 * body is streamed to disk (flat memory) through SHA-256. The URL never appears in a message.
 */
import { createHash } from 'node:crypto'
import { open } from 'node:fs/promises'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'
import { proxyAwareFetch } from '../github/proxy.js'

/** A transfer that failed; `retryable` when a fresh URL may well succeed. */
export class BlobFetchError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean
  ) {
    super(message)
    this.name = 'BlobFetchError'
  }
}

/** What was written. */
export interface FetchedBlob {
  bytes: number
  /** Lower-case hex SHA-256 of the bytes. */
  sha256: string
}

/** Called with the size of each chunk as it arrives (progress). */
export type OnBytes = (bytes: number) => void

/** Downloads `url` into a new file `file` (created with O_EXCL, mode 0600). */
export async function fetchBlob(
  url: string,
  file: string,
  onBytes: OnBytes = () => {}
): Promise<FetchedBlob> {
  const parsed = new URL(url)
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw new BlobFetchError(`the signed URL has an unsupported scheme ${parsed.protocol}`, false)
  let response: Response
  try {
    response = await proxyAwareFetch(url, {
      redirect: 'error',
      credentials: 'omit',
      headers: { 'user-agent': 'artifact-keeper', accept: 'application/zip, */*' }
    })
  } catch (error) {
    throw new BlobFetchError(`the blob host could not be reached (${causeOf(error)})`, true)
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel().catch(() => undefined)
    throw statusError(response.status)
  }
  const expected = Number(response.headers.get('content-length') ?? NaN)
  const hash = createHash('sha256')
  let bytes = 0
  const handle = await open(file, 'wx', 0o600)
  try {
    await pipeline(
      Readable.fromWeb(response.body as unknown as WebReadableStream<Uint8Array>),
      async function* (source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
        for await (const chunk of source) {
          hash.update(chunk)
          bytes += chunk.length
          onBytes(chunk.length)
          yield chunk
        }
      },
      handle.createWriteStream()
    )
  } catch (error) {
    throw new BlobFetchError(
      `the transfer broke off after ${bytes} bytes (${causeOf(error)})`,
      true
    )
  }
  if (Number.isFinite(expected) && bytes !== expected)
    throw new BlobFetchError(`the transfer ended after ${bytes} of ${expected} bytes`, true)
  return { bytes, sha256: hash.digest('hex') }
}

function statusError(status: number): BlobFetchError {
  // 403: the signature expired or was refused (Azure's AuthenticationFailed); a fresh URL fixes it.
  if (status === 403) return new BlobFetchError('the blob host refused the signed URL (403)', true)
  if (status === 408 || status === 429 || status >= 500)
    return new BlobFetchError(`the blob host answered ${status}`, true)
  return new BlobFetchError(`the blob host answered ${status}`, false)
}

/** The underlying reason (undici puts it in `cause`), without any URL. */
function causeOf(error: unknown): string {
  const cause = (error as { cause?: unknown } | undefined)?.cause ?? error
  const code = (cause as { code?: unknown } | undefined)?.code
  const message = cause instanceof Error ? cause.message : String(cause)
  return (typeof code === 'string' ? `${code}: ` : '') + message.replace(/https?:\/\/\S+/g, '<url>')
}
