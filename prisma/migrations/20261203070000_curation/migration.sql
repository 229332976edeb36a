-- Curation (issue 18): featured slots of the site (section_id NULL) and of each section, and
-- breaking-news flags. Both expire at read time (until <= now) with no job; the site's versions
-- read the newest passed and the next coming expiry, so caches change at that instant.

-- CreateTable
CREATE TABLE "featured_slots" (
    "id" UUID NOT NULL,
    "section_id" UUID,
    "article_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "until" TIMESTAMPTZ(3),
    "placed_at" TIMESTAMPTZ(3) NOT NULL,
    "placed_by" TEXT,

    CONSTRAINT "featured_slots_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "breaking_flags" (
    "article_id" UUID NOT NULL,
    "until" TIMESTAMPTZ(3) NOT NULL,
    "flagged_at" TIMESTAMPTZ(3) NOT NULL,
    "flagged_by" TEXT,
    "announced_at" TIMESTAMPTZ(3),

    CONSTRAINT "breaking_flags_pkey" PRIMARY KEY ("article_id")
);

-- CreateIndex
CREATE INDEX "featured_slots_section_id_position_idx" ON "featured_slots"("section_id", "position");

-- CreateIndex
CREATE INDEX "featured_slots_article_id_idx" ON "featured_slots"("article_id");

-- CreateIndex
CREATE INDEX "featured_slots_until_idx" ON "featured_slots"("until");

-- CreateIndex
CREATE INDEX "breaking_flags_until_idx" ON "breaking_flags"("until");

-- AddForeignKey
ALTER TABLE "featured_slots" ADD CONSTRAINT "featured_slots_section_id_fkey" FOREIGN KEY ("section_id") REFERENCES "sections"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "featured_slots" ADD CONSTRAINT "featured_slots_article_id_fkey" FOREIGN KEY ("article_id") REFERENCES "articles"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "breaking_flags" ADD CONSTRAINT "breaking_flags_article_id_fkey" FOREIGN KEY ("article_id") REFERENCES "articles"("id") ON DELETE CASCADE ON UPDATE CASCADE;

