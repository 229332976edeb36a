import globals from 'globals'
import neostandard from 'neostandard'

export default [
  ...neostandard({ ts: true, ignores: ['bench/.peer/**', 'bench/.work/**', '.scratch/**', 'dist/**', 'src/generated/**', 'src/graphql/generated.ts', 'coverage/**', '.tap/**'] }),
  // the scripts the service sends to browsers (GraphiQL's start, the reader's pages)
  { files: ['static/**/*.js'], languageOptions: { globals: globals.browser } },
]
