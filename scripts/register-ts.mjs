// Lets `node --import ./scripts/register-ts.mjs file.ts` run the emulator, demo and bench from source.
import { register } from 'tsx/esm/api'
register()
