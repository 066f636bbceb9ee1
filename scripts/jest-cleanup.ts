import { afterAll } from '@jest/globals'
import { removeRunFolders } from './run-action.js'

// Every test file removes the temporary folders its action runs made (workspaces included).
afterAll(() => removeRunFolders())
