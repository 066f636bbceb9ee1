import { mkdir, mkdtemp, realpath, rm } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'
import pLimit from 'p-limit'
import { type Artifact, type ArtifactResult, describeArtifact } from '../artifact.js'
import { extractZip, looksLikeZip } from '../download/extract.js'
import { BlobFetchError, fetchBlob } from '../download/fetch-blob.js'
import { isPlainFileName, type Placement, planLayout } from '../download/layout.js'
import { placeFile } from '../download/safe-fs.js'
import { errorMessage } from '../errors.js'
import type { ArtifactsApi } from '../github/artifacts-api.js'
import { ReserveReachedError } from '../github/errors.js'
import type { Clock, Log } from '../log.js'
import type { Selection } from '../select.js'
import type { DownloadModeSettings, DownloadSettings } from '../settings.js'
import { type OperationDeps, type OperationOutcome, notReached } from './result.js'
import { Progress } from '../progress.js'
import { formatBytes } from '../units.js'

/** Attempts per artifact: each asks the API for a fresh signed URL. */
export const MAX_ATTEMPTS = 5
/** Artifacts transferred at once at most (fewer when `concurrency` is lower). */
export const DOWNLOADS_IN_FLIGHT = 4

/** How download runs. */
interface DownloadOptions extends DownloadSettings {
  /** `concurrency` input: downloads in flight are min(this, DOWNLOADS_IN_FLIGHT). */
  concurrency: number
  /** The wait before retry number `retry` (0-based), with jitter. */
  backoffMs(retry: number): number
  /** Registers a secret with the runner so the log masks it (core.setSecret). */
  mask(secret: string): void
}

/**
 * Downloads the selected artifacts, newest first, a few at a time: fresh signed URL, streamed to a
 * temporary file beside the destination while hashing, digest checked, then extracted (or kept).
 * One artifact's failure does not stop the others.
 */
export async function downloadOperation(
  deps: OperationDeps,
  selection: Selection,
  settings: DownloadModeSettings
): Promise<OperationOutcome> {
  const { api, log, clock } = deps
  const options: DownloadOptions = {
    ...settings.download,
    concurrency: settings.concurrency,
    backoffMs: deps.backoffMs,
    mask: deps.mask
  }
  await mkdir(options.path, { recursive: true })
  const root = await realpath(options.path)
  // Same file system as the destination: a kept zip or a raw body is moved, not copied.
  const temp = await mkdtemp(join(root, '.artifact-keeper-'))
  try {
    const run = new DownloadRun(api, options, root, temp, log, clock, selection.selected)
    const limit = pLimit(Math.max(1, Math.min(options.concurrency, DOWNLOADS_IN_FLIGHT)))
    const done = await Promise.all(
      selection.selected.map((a) =>
        limit(() => (run.stopReason ? notReachedResult(a) : run.downloadOne(a)))
      )
    )
    const later = notReached(selection.notReached)
    return { results: [...done, ...later], downloadPath: root, stopReason: run.stopReason }
  } finally {
    await rm(temp, { recursive: true, force: true })
  }
}

/** A fetched, not yet verified, temporary file. */
interface Fetched {
  file: string
  bytes: number
  sha256: string
}

function notReachedResult(artifact: Artifact): ArtifactResult {
  return notReached([artifact])[0]
}

class DownloadRun {
  /** Set when the rate-limit reserve stopped new work. */
  stopReason?: string
  /** Whether the notice about artifacts without a digest was given. */
  private noDigestSaid = false
  private readonly plan: Map<number, Placement>
  private readonly progress: Progress

  constructor(
    private readonly api: ArtifactsApi,
    private readonly options: DownloadOptions,
    private readonly root: string,
    private readonly temp: string,
    private readonly log: Log,
    private readonly clock: Clock,
    artifacts: Artifact[]
  ) {
    this.plan = planLayout(
      artifacts.filter((a) => isPlainFileName(a.name)),
      root,
      options
    )
    const totalBytes = artifacts.reduce((sum, a) => sum + a.sizeInBytes, 0)
    // A progress line at least every 10 s while bytes flow: artifacts done, bytes, rate, ETA.
    this.progress = new Progress('Downloaded', artifacts.length, log, clock, 10_000, totalBytes)
  }

  async downloadOne(artifact: Artifact): Promise<ArtifactResult> {
    const placement = this.plan.get(artifact.id)
    if (!placement) {
      const error =
        'its name is not a plain file name (no /, \\, .., : or control characters); refused'
      this.log.warning(`Not downloading ${describeArtifact(artifact)}: ${error}`)
      return { artifact, outcome: 'failed', error }
    }
    let fetched: Fetched | 'expired' | 'gone' | undefined
    try {
      fetched = await this.fetchWithRetries(artifact)
      if (fetched === 'expired') {
        this.log.warning(
          `${describeArtifact(artifact)} has expired (410): it can no longer be downloaded`
        )
        return { artifact, outcome: 'expired' }
      }
      if (fetched === 'gone') throw new Error('the artifact no longer exists (404)')
      this.checkDigest(artifact, fetched.sha256)
      const path = await this.place(artifact, placement, fetched.file)
      this.log.info(`Downloaded ${describeArtifact(artifact)} to ${path}`)
      return { artifact, outcome: 'downloaded', path }
    } catch (error) {
      if (error instanceof ReserveReachedError) {
        // The rate-limit reserve: stop starting work; this one and the rest wait for the next run.
        this.stopReason ??= error.message
        return notReachedResult(artifact)
      }
      this.log.warning(`Could not download ${describeArtifact(artifact)}: ${errorMessage(error)}`)
      return { artifact, outcome: 'failed', error: errorMessage(error) }
    } finally {
      if (typeof fetched === 'object') await rm(fetched.file, { force: true })
      this.progress.finished()
    }
  }

  /** Fresh URL, fetch; on a dropped transfer or a refused URL, a fresh URL again, with backoff. */
  private async fetchWithRetries(artifact: Artifact): Promise<Fetched | 'expired' | 'gone'> {
    for (let attempt = 1; ; attempt++) {
      const link = await this.api.getDownloadUrl(artifact.id)
      if (link.kind !== 'url') return link.kind
      this.options.mask(link.url)
      const file = join(this.temp, `${artifact.id}.${attempt}`)
      let received = 0
      try {
        const blob = await fetchBlob(link.url, file, (n) => {
          received += n
          this.progress.add(n)
        })
        return { file, ...blob }
      } catch (error) {
        await rm(file, { force: true })
        this.progress.add(-received)
        if (!(error instanceof BlobFetchError) || !error.retryable || attempt >= MAX_ATTEMPTS)
          throw error
        const wait = this.options.backoffMs(attempt - 1)
        this.log.info(
          `${describeArtifact(artifact)}: ${error.message}; asking for a fresh URL, attempt ${attempt + 1} of ${MAX_ATTEMPTS} in ${wait} ms`
        )
        await this.clock.sleep(wait)
      }
    }
  }

  /** Compares the SHA-256 with the API's `digest` and applies `digest-mismatch`. */
  private checkDigest(artifact: Artifact, sha256: string): void {
    const expected = /^sha256:([0-9a-f]{64})$/i.exec(artifact.digest ?? '')?.[1]?.toLowerCase()
    if (!expected) {
      // Said once, as a notice: GHES and older artifacts (upload-artifact < v4) have no digest.
      if (!this.noDigestSaid) {
        this.noDigestSaid = true
        const say = this.log.notice?.bind(this.log) ?? this.log.info.bind(this.log)
        say(
          `${describeArtifact(artifact)} has no SHA-256 digest (GitHub Enterprise Server, or upload-artifact < v4): ` +
            'its integrity, and that of any other artifact without one, rests on TLS alone.'
        )
      }
      return
    }
    if (expected === sha256) return
    const message = `its SHA-256 is ${sha256}, but the API's digest is sha256:${expected}`
    if (this.options.digestMismatch === 'error') {
      throw new Error(
        `${message}. Nothing of it was written. If you trust the source, set 'digest-mismatch: warn' to keep it anyway.`
      )
    }
    if (this.options.digestMismatch === 'warn')
      this.log.warning(
        `${describeArtifact(artifact)}: ${message}; kept because digest-mismatch is 'warn'`
      )
    else this.log.debug(`${describeArtifact(artifact)}: ${message}; digest-mismatch is 'ignore'`)
  }

  /** Extracts a zip, keeps it (`extract: false`), or saves a body that is not a zip as it is. */
  private async place(artifact: Artifact, placement: Placement, file: string): Promise<string> {
    const dirSegments = relative(this.root, placement.dir).split(sep).filter(Boolean)
    const zip = await looksLikeZip(file)
    if (zip && this.options.extract) {
      const { files, bytes } = await extractZip(file, this.root, dirSegments)
      this.log.debug(`${artifact.name}: ${files} files, ${formatBytes(bytes)} extracted`)
      return placement.dir
    }
    if (zip) return placeFile(this.root, [`${placement.base}.zip`], file)
    this.log.info(`${describeArtifact(artifact)} is not a zip: saved as it is`)
    const target = this.options.extract ? [...dirSegments, artifact.name] : [placement.base]
    return placeFile(this.root, target, file)
  }
}
