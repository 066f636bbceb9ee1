// First: checks what dependencies read while they load (src/preflight.ts).
import './preflight.js'
import { run } from './main.js'

await run()
