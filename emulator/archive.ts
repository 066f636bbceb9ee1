/**
 * Zips built exactly the way actions/upload-artifact v4 builds them: the `archiver` package's
 * ZipArchive (zip-stream underneath), deflate level 6, one entry per file, with its mode.
 */
import { ZipArchive } from 'archiver'

/** A file to put in the archive: bytes, or bytes and a Unix mode (0o755 for an executable). */
export type ArchiveFile = Buffer | string | { data: Buffer | string; mode: number }

/** Builds a zip with `archiver`, as upload-artifact does. */
export async function uploadArtifactZip(files: Record<string, ArchiveFile>): Promise<Buffer> {
  const archive = new ZipArchive({ zlib: { level: 6 } })
  const chunks: Buffer[] = []
  archive.on('data', (chunk: Buffer) => chunks.push(chunk))
  const ended = new Promise<void>((resolve, reject) => {
    archive.on('end', () => resolve())
    archive.on('error', reject)
  })
  for (const [name, file] of Object.entries(files)) {
    const { data, mode } =
      typeof file === 'string' || Buffer.isBuffer(file) ? { data: file, mode: 0o644 } : file
    archive.append(Buffer.from(data), { name, mode })
  }
  await archive.finalize()
  await ended
  return Buffer.concat(chunks)
}
