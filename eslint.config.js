import neostandard from 'neostandard'

export default [
  ...neostandard({ ts: true, ignores: ['bench/.peer/**', 'bench/.work/**', '.scratch/**', 'dist/**', 'src/generated/**', 'src/graphql/generated.ts', 'coverage/**', '.tap/**'] }),
]
