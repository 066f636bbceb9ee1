// Preload (node --import) that records the process's peak resident set size when it exits:
// writes process.resourceUsage().maxRSS (KiB on every platform Node supports) × 1024 as bytes
// to the file named by ARTIFACT_KEEPER_MAXRSS_FILE.
import { writeFileSync } from 'node:fs'

const file = process.env.ARTIFACT_KEEPER_MAXRSS_FILE
if (file) {
  process.on('exit', () => {
    writeFileSync(file, String(process.resourceUsage().maxRSS * 1024))
  })
}
