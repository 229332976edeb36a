-- An article written without tags had NULL tags (a Prisma scalar list has no default), which
-- every reader of the row (GraphQL's non-null Article.tags, feeds, the reader's OpenGraph tags)
-- had to guard against, and one feed did not. No tags is the empty list, as the API says.
UPDATE "articles" SET "tags" = '{}' WHERE "tags" IS NULL;
ALTER TABLE "articles" ALTER COLUMN "tags" SET DEFAULT ARRAY[]::TEXT[];
