import { ActionError } from '../errors.js'

/** How blob transfers wait and when they give up (every wait is bounded). */
export interface TransferTuning {
  /** Most time from sending a blob request to its response headers. */
  headersTimeoutMs: number
  /** No byte for this long while waiting for one: the transfer has stalled. */
  stallMs: number
  /**
   * A transfer that receives fewer than `minBytesPerWindow` bytes in `stallMs` of waiting crawls
   * (a trickle that never stalls outright) and is abandoned too.
   */
  minBytesPerWindow: number
  /** Artifacts at least this large are extracted while they arrive (0: every one). */
  streamMinBytes: number
  /** A progress line at least this often while bytes flow. */
  progressMs: number
  /** Pretend the destination's file system has this many bytes free (tests); unset = statfs. */
  freeSpaceBytes?: number
}

export const DEFAULT_TRANSFER_TUNING: TransferTuning = {
  headersTimeoutMs: 60_000,
  stallMs: 60_000,
  minBytesPerWindow: 64 * 1024,
  streamMinBytes: 4 * 1024 * 1024,
  progressMs: 10_000
}

/** Environment variables that tune transfers (documented in README.md). */
export const TRANSFER_ENV: Record<keyof TransferTuning, string> = {
  headersTimeoutMs: 'ARTIFACT_KEEPER_BLOB_HEADERS_TIMEOUT_MS',
  stallMs: 'ARTIFACT_KEEPER_BLOB_STALL_MS',
  minBytesPerWindow: 'ARTIFACT_KEEPER_BLOB_MIN_BYTES',
  streamMinBytes: 'ARTIFACT_KEEPER_STREAM_MIN_BYTES',
  progressMs: 'ARTIFACT_KEEPER_PROGRESS_MS',
  freeSpaceBytes: 'ARTIFACT_KEEPER_FREE_SPACE_BYTES'
}

/** Reads the transfer variables; unset ones keep the defaults. Throws naming a bad one. */
export function readTransferTuning(env: Record<string, string | undefined>): TransferTuning {
  const tuning: TransferTuning = { ...DEFAULT_TRANSFER_TUNING }
  for (const key of Object.keys(TRANSFER_ENV) as (keyof TransferTuning)[]) {
    const raw = env[TRANSFER_ENV[key]]?.trim()
    if (raw === undefined || raw === '') continue
    const value = /^\d+$/.test(raw) ? Number(raw) : NaN
    const min = key === 'headersTimeoutMs' || key === 'stallMs' || key === 'progressMs' ? 1 : 0
    if (!Number.isSafeInteger(value) || value < min) {
      const unit = key.endsWith('Ms') ? 'milliseconds' : 'bytes'
      throw new ActionError(
        `Environment variable ${TRANSFER_ENV[key]} has an invalid value '${raw}': expected a whole number ` +
          `${min} or more (${unit}); unset it for the default${key in DEFAULT_TRANSFER_TUNING ? ` ${DEFAULT_TRANSFER_TUNING[key]}` : ''}.`
      )
    }
    tuning[key] = value
  }
  return tuning
}
