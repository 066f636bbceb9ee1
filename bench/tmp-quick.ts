import { bigDownload } from './scenarios/download.js'
import { coldStart } from './scenarios/listing.js'
const cold = await coldStart()
const size = Number(process.argv[2] ?? 400e6)
for (const r of await bigDownload(cold.medianMs, size, `${size}`, false))
  console.log(
    r.scenario,
    (r.wallMs / 1000).toFixed(2),
    ((r.peakRssBytes ?? 0) / 1e6).toFixed(0),
    r.note
  )
