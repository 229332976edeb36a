-- AlterTable
ALTER TABLE "articles" ADD COLUMN     "first_published_at" TIMESTAMPTZ(3),
ADD COLUMN     "updated_by" TEXT;

-- CreateTable
CREATE TABLE "article_revisions" (
    "id" UUID NOT NULL,
    "article_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "snapshot" JSONB NOT NULL,
    "edited_by" TEXT,
    "edited_at" TIMESTAMPTZ(3) NOT NULL,
    "replaced_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "replaced_by" TEXT,

    CONSTRAINT "article_revisions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "article_revisions_article_id_version_key" ON "article_revisions"("article_id", "version");

-- AddForeignKey
ALTER TABLE "article_revisions" ADD CONSTRAINT "article_revisions_article_id_fkey" FOREIGN KEY ("article_id") REFERENCES "articles"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written backfill: articles that were live before this column existed.
UPDATE "articles" SET "first_published_at" = "published_at"
 WHERE "status" IN ('PUBLISHED', 'ARCHIVED') AND "published_at" <= CURRENT_TIMESTAMP;
