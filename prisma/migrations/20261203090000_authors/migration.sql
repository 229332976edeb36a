-- Authors (issue 18): people credited on articles, in order (articles.author_ids; a GIN index
-- finds an author's articles like a tag's). The writes check the ids (no foreign key on array
-- elements): an unknown id is refused, and an author still credited on an article cannot be deleted.

-- AlterTable
ALTER TABLE "articles" ADD COLUMN     "author_ids" UUID[] DEFAULT ARRAY[]::UUID[];

-- CreateTable
CREATE TABLE "authors" (
    "id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "bio" TEXT,
    "avatar" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "authors_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "authors_slug_key" ON "authors"("slug");

-- CreateIndex
CREATE INDEX "articles_author_ids_idx" ON "articles" USING GIN ("author_ids");

