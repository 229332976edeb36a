import neostandard from 'neostandard'

export default [
  ...neostandard({ ts: true, ignores: ['dist/**', 'src/generated/**', 'src/graphql/generated.ts', 'coverage/**', '.tap/**'] }),
]
