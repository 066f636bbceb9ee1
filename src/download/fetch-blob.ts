/**
 * Fetches signed blob URLs. A request carries no credentials (no Authorization header, even when
 * the blob is on the API's host) and follows no redirect. Every wait is bounded: the response
 * headers (`headersTimeoutMs`), each wait for a byte (`stallMs`), and the rate while waiting (a
 * trickle of fewer than `minBytesPerWindow` bytes in `stallMs` of waiting is abandoned). The body
 * is hashed (SHA-256) as it is read, and never saved past the size the API declared. The URL never
 * appears in a message.
 */
import { createHash, type Hash } from 'node:crypto'
import type { FileHandle } from 'node:fs/promises'
import { open } from 'node:fs/promises'
import type { IncomingMessage } from 'node:http'
import * as http from 'node:http'
import * as https from 'node:https'
import { proxyAgent } from '../github/proxy.js'
import type { TransferTuning } from './tuning.js'

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

/** An answer of the blob host: status, the body's size and, for a 206, where the range starts. */
export interface BlobResponse {
  status: number
  /** The whole blob's size, when the host said (content-range's total, else content-length). */
  total?: number
  /** For 206: the first byte's offset. */
  rangeStart?: number
  /** Bytes in this response's body, when the host said. */
  length?: number
  message: IncomingMessage
}

/**
 * Sends one GET to the signed URL (optionally with a `Range`), and waits at most
 * `headersTimeoutMs` for the headers. Statuses other than 200 and 206 become BlobFetchError.
 */
export function requestBlob(
  url: string,
  tuning: Pick<TransferTuning, 'headersTimeoutMs'>,
  range?: string
): Promise<BlobResponse> {
  const parsed = new URL(url)
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw new BlobFetchError(`the signed URL has an unsupported scheme ${parsed.protocol}`, false)
  const get = parsed.protocol === 'https:' ? https.get : http.get
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {
      'user-agent': 'artifact-keeper',
      accept: 'application/zip, */*'
    }
    if (range) headers.range = range
    // HTTPS_PROXY / HTTP_PROXY / NO_PROXY, as the toolkit reads them (src/github/proxy.ts).
    const agent = proxyAgent(parsed)
    const request = get(parsed, { headers, ...(agent ? { agent } : {}) })
    const timer = setTimeout(() => {
      request.destroy(
        new BlobFetchError(
          `the blob host sent no answer within ${tuning.headersTimeoutMs} ms`,
          true
        )
      )
    }, tuning.headersTimeoutMs)
    request.once('error', (error) => {
      clearTimeout(timer)
      reject(
        error instanceof BlobFetchError
          ? error
          : new BlobFetchError(`the blob host could not be reached (${causeOf(error)})`, true)
      )
    })
    request.once('response', (message) => {
      clearTimeout(timer)
      const status = message.statusCode ?? 0
      if (status !== 200 && status !== 206) {
        message.resume()
        message.destroy()
        reject(statusError(status))
        return
      }
      const length = Number(message.headers['content-length'] ?? NaN)
      const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(String(message.headers['content-range']))
      resolve({
        status,
        message,
        length: Number.isSafeInteger(length) ? length : undefined,
        total: range ? Number(range[3]) : Number.isSafeInteger(length) ? length : undefined,
        rangeStart: range ? Number(range[1]) : undefined
      })
    })
  })
}

/**
 * Reads a response body chunk by chunk, hashing every byte, counting them, and bounding each
 * wait: no byte for `stallMs` → stalled; fewer than `minBytesPerWindow` in `stallMs` of waiting →
 * crawling. Either way the body is destroyed and a retryable BlobFetchError is thrown.
 */
export class BodyReader {
  /** Bytes read from the body so far. */
  bytes = 0
  private readonly hash: Hash = createHash('sha256')
  private readonly iterator: AsyncIterator<Buffer>
  private leftover: Buffer | undefined
  private waitedMs = 0
  private windowBytes = 0
  private waiting = false
  private failure: BlobFetchError | undefined
  private readonly timer: NodeJS.Timeout

  constructor(
    private readonly message: IncomingMessage,
    private readonly tuning: Pick<TransferTuning, 'stallMs' | 'minBytesPerWindow'>,
    private readonly onBytes: OnBytes = () => {}
  ) {
    this.iterator = message[Symbol.asyncIterator]() as AsyncIterator<Buffer>
    this.timer = setTimeout(() => this.onTimer(), tuning.stallMs)
    this.timer.unref()
  }

  private onTimer(): void {
    if (!this.waiting) {
      this.timer.refresh()
      return
    }
    this.failure = new BlobFetchError(
      `the transfer stalled: no byte for ${this.tuning.stallMs} ms after ${this.bytes} bytes`,
      true
    )
    this.message.destroy(this.failure)
  }

  /** The SHA-256 of every byte read so far (call once, at the end). */
  sha256(): string {
    return this.hash.digest('hex')
  }

  /** Stops reading: the connection is dropped. */
  close(): void {
    clearTimeout(this.timer)
    if (!this.message.complete || !this.message.readableEnded) this.message.destroy()
  }

  /** The next chunk of the body, or undefined at its end. */
  async next(): Promise<Buffer | undefined> {
    if (this.leftover) {
      const chunk = this.leftover
      this.leftover = undefined
      return chunk
    }
    return this.pull()
  }

  /** Gives back the unused tail of a chunk: the next `next()` returns it. */
  unshift(chunk: Buffer): void {
    if (chunk.length > 0) this.leftover = chunk
  }

  private async pull(): Promise<Buffer | undefined> {
    const started = performance.now()
    this.waiting = true
    this.timer.refresh()
    let result: IteratorResult<Buffer>
    try {
      result = await this.iterator.next()
    } catch (error) {
      throw (
        this.failure ??
        new BlobFetchError(
          `the transfer broke off after ${this.bytes} bytes (${causeOf(error)})`,
          true
        )
      )
    } finally {
      this.waiting = false
    }
    if (result.done) {
      clearTimeout(this.timer)
      return undefined
    }
    const chunk = result.value
    this.hash.update(chunk)
    this.bytes += chunk.length
    this.onBytes(chunk.length)
    this.waitedMs += performance.now() - started
    this.windowBytes += chunk.length
    if (this.waitedMs >= this.tuning.stallMs) {
      if (this.windowBytes < this.tuning.minBytesPerWindow) {
        this.failure = new BlobFetchError(
          `the transfer crawled: ${this.windowBytes} bytes in ${Math.round(this.waitedMs)} ms of waiting`,
          true
        )
        this.message.destroy(this.failure)
        throw this.failure
      }
      this.waitedMs = 0
      this.windowBytes = 0
    }
    return chunk
  }

  /** Exactly `n` bytes, or an error when the body ends first. */
  async exact(n: number): Promise<Buffer> {
    const parts: Buffer[] = []
    let have = 0
    while (have < n) {
      const chunk = await this.next()
      if (!chunk)
        throw new BlobFetchError(`the transfer ended early, after ${this.bytes} bytes`, true)
      const use = Math.min(chunk.length, n - have)
      parts.push(use === chunk.length ? chunk : chunk.subarray(0, use))
      if (use < chunk.length) this.unshift(chunk.subarray(use))
      have += use
    }
    return parts.length === 1 ? parts[0] : Buffer.concat(parts, n)
  }

  /** The next `n` bytes, chunk by chunk. */
  async *take(n: number): AsyncGenerator<Buffer> {
    let left = n
    while (left > 0) {
      const chunk = await this.next()
      if (!chunk)
        throw new BlobFetchError(`the transfer ended early, after ${this.bytes} bytes`, true)
      if (chunk.length > left) {
        this.unshift(chunk.subarray(left))
        yield chunk.subarray(0, left)
        return
      }
      left -= chunk.length
      yield chunk
    }
  }
}

/** Batches chunks into large vectored writes, one in flight while the next batch fills. */
export class BatchWriter {
  private pending: Buffer[] = []
  private size = 0
  private inFlight: Promise<unknown> | undefined
  private position = 0

  constructor(
    private readonly handle: FileHandle,
    private readonly batchBytes = 1024 * 1024
  ) {}

  async write(chunk: Buffer): Promise<void> {
    this.pending.push(chunk)
    this.size += chunk.length
    if (this.size >= this.batchBytes) await this.flush()
  }

  private async flush(): Promise<void> {
    if (this.inFlight) await this.inFlight
    if (this.size === 0) return
    const batch = this.pending
    const at = this.position
    this.position += this.size
    this.pending = []
    this.size = 0
    this.inFlight = writeAll(this.handle, batch, at)
  }

  /** Writes what is left and closes the file. */
  async close(): Promise<void> {
    try {
      await this.flush()
      await this.inFlight
    } finally {
      await this.handle.close()
    }
  }

  /** Closes the file without writing what is left. */
  async abort(): Promise<void> {
    await this.inFlight?.catch(() => undefined)
    await this.handle.close().catch(() => undefined)
  }
}

async function writeAll(handle: FileHandle, buffers: Buffer[], position: number): Promise<void> {
  let list = buffers
  let at = position
  while (list.length > 0) {
    const { bytesWritten } = await handle.writev(list, at)
    at += bytesWritten
    let skip = bytesWritten
    const rest: Buffer[] = []
    for (const b of list) {
      if (skip >= b.length) {
        skip -= b.length
        continue
      }
      rest.push(skip > 0 ? b.subarray(skip) : b)
      skip = 0
    }
    list = rest
  }
}

/**
 * A body larger than the artifact the API described: the blob host is sending more than it should
 * (an endless or padded body). Refused before the extra bytes reach the disk.
 */
export function tooLarge(maxBytes: number): BlobFetchError {
  return new BlobFetchError(
    `the blob host sent more than the ${maxBytes} bytes the API declared for this artifact; refused`,
    false
  )
}

/**
 * Writes the rest of a body into a new file `file` (O_EXCL, mode 0600), hashing it; at most
 * `maxBytes` bytes (the size the API declared), else the transfer is dropped.
 */
export async function saveBody(
  reader: BodyReader,
  file: string,
  maxBytes = Number.POSITIVE_INFINITY
): Promise<FetchedBlob> {
  const writer = new BatchWriter(await open(file, 'wx', 0o600))
  try {
    for (let chunk = await reader.next(); chunk; chunk = await reader.next()) {
      if (reader.bytes > maxBytes) throw tooLarge(maxBytes)
      await writer.write(chunk)
    }
    await writer.close()
  } catch (error) {
    await writer.abort()
    throw error
  } finally {
    reader.close()
  }
  return { bytes: reader.bytes, sha256: reader.sha256() }
}

/** Downloads `url` into a new file `file`. */
export async function fetchBlob(
  url: string,
  file: string,
  tuning: TransferTuning,
  onBytes: OnBytes = () => {},
  maxBytes = Number.POSITIVE_INFINITY
): Promise<FetchedBlob> {
  const response = await requestBlob(url, tuning)
  checkAnnounced(response, maxBytes)
  const reader = new BodyReader(response.message, tuning, onBytes)
  const blob = await saveBody(reader, file, maxBytes)
  checkLength(response, blob.bytes)
  return blob
}

/** A content-length above `maxBytes` is refused before a byte of the body is read. */
export function checkAnnounced(response: BlobResponse, maxBytes: number): void {
  if (response.length !== undefined && response.length > maxBytes) {
    response.message.destroy()
    throw tooLarge(maxBytes)
  }
}

/** A body shorter or longer than its content-length is a broken transfer. */
export function checkLength(response: BlobResponse, bytes: number): void {
  if (response.length !== undefined && bytes !== response.length)
    throw new BlobFetchError(`the transfer ended after ${bytes} of ${response.length} bytes`, true)
}

function statusError(status: number): BlobFetchError {
  // 403: the signature expired or was refused (Azure's AuthenticationFailed); a fresh URL fixes it.
  if (status === 403) return new BlobFetchError('the blob host refused the signed URL (403)', true)
  if (status >= 300 && status < 400)
    return new BlobFetchError(`the blob host answered a redirect (${status}); not followed`, false)
  if (status === 408 || status === 429 || status >= 500)
    return new BlobFetchError(`the blob host answered ${status}`, true)
  return new BlobFetchError(`the blob host answered ${status}`, false)
}

/** The underlying reason, without any URL. */
export function causeOf(error: unknown): string {
  const cause = (error as { cause?: unknown } | undefined)?.cause ?? error
  const code = (cause as { code?: unknown } | undefined)?.code
  const message = cause instanceof Error ? cause.message : String(cause)
  return (typeof code === 'string' ? `${code}: ` : '') + message.replace(/https?:\/\/\S+/g, '<url>')
}
