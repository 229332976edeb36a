import { readFileSync } from 'node:fs'
import { generate } from '@graphql-codegen/cli'
import { buildSchema } from 'graphql'
import t from 'tap'
import codegenConfig from '../../codegen.ts'

t.test('schema.graphql is valid SDL', async (t) => {
  const schema = buildSchema(readFileSync('schema.graphql', 'utf8'))
  t.ok(schema.getQueryType())
})

t.test('the committed resolver types match schema.graphql (run `npm run codegen`)', async (t) => {
  const [output] = await generate(codegenConfig, false)
  t.ok(output)
  t.equal(readFileSync('src/graphql/generated.ts', 'utf8'), output!.content, 'src/graphql/generated.ts is current')
})
