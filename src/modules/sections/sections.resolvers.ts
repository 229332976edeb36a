import type { Resolvers } from '../../graphql/generated.ts'

// parent, children and path come from the request's in-memory tree: no SQL per section.
export const sectionResolvers: Resolvers = {
  Query: {
    sections: async (_root, _args, ctx) => (await ctx.scope.sectionTree()).roots(),
    section: async (_root, args, ctx) => ctx.services.sections.find(await ctx.scope.sectionTree(), args),
  },
  Section: {
    parent: async (section, _args, ctx) => section.parentId ? (await ctx.scope.sectionTree()).get(section.parentId) ?? null : null,
    children: async (section, _args, ctx) => (await ctx.scope.sectionTree()).children(section.id),
    path: async (section, _args, ctx) => (await ctx.scope.sectionTree()).path(section.id),
  },
}
