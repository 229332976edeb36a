-- Lists of visible articles walk an index in list order and stop after `limit` rows.
-- The indexes hold only rows that can ever be visible (stored PUBLISHED, not deleted), so a walk
-- never steps over drafts, archived or deleted rows, and `published_at <= now` and the keyset
-- position are index conditions. They replace the two full indexes of the init migration
-- (section_id still leads one of them, for the foreign key's checks).
CREATE INDEX "articles_visible_section_idx" ON "articles" ("section_id", "published_at" DESC, "id" DESC)
  WHERE "status" = 'PUBLISHED' AND "deleted_at" IS NULL;
CREATE INDEX "articles_visible_idx" ON "articles" ("published_at" DESC, "id" DESC)
  WHERE "status" = 'PUBLISHED' AND "deleted_at" IS NULL;
DROP INDEX "articles_published_at_id_idx";
DROP INDEX "articles_section_id_published_at_id_idx";
CREATE INDEX "articles_section_id_idx" ON "articles" ("section_id");

-- totalCount without counting a section's rows: the number of stored-PUBLISHED, not deleted
-- articles of each section, kept by statement-level triggers (so COPY and bulk updates pay once
-- per statement, not per row). Visible = this minus the section's scheduled articles, which are
-- few and found by a range scan of "articles_visible_section_idx" (published_at > now).
CREATE TABLE "section_article_counts" (
    "section_id" UUID NOT NULL,
    "published" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "section_article_counts_pkey" PRIMARY KEY ("section_id")
);
ALTER TABLE "section_article_counts" ADD CONSTRAINT "section_article_counts_section_id_fkey"
  FOREIGN KEY ("section_id") REFERENCES "sections"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE FUNCTION "section_article_counts_apply"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Transition tables exist per event: only the branch of this event names them.
  IF TG_OP = 'INSERT' THEN
    INSERT INTO section_article_counts AS c (section_id, published)
    SELECT section_id, count(*) FROM new_rows
     WHERE status = 'PUBLISHED' AND deleted_at IS NULL
     GROUP BY section_id ORDER BY section_id
    ON CONFLICT (section_id) DO UPDATE SET published = c.published + EXCLUDED.published;
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE section_article_counts c SET published = c.published - d.n
      FROM (SELECT section_id, count(*) AS n FROM old_rows
             WHERE status = 'PUBLISHED' AND deleted_at IS NULL GROUP BY section_id) d
     WHERE c.section_id = d.section_id;
  ELSE
    INSERT INTO section_article_counts AS c (section_id, published)
    SELECT section_id, sum(delta) FROM (
        SELECT section_id, 1 AS delta FROM new_rows WHERE status = 'PUBLISHED' AND deleted_at IS NULL
        UNION ALL
        SELECT section_id, -1 FROM old_rows WHERE status = 'PUBLISHED' AND deleted_at IS NULL
      ) d
     GROUP BY section_id HAVING sum(delta) <> 0 ORDER BY section_id
    ON CONFLICT (section_id) DO UPDATE SET published = c.published + EXCLUDED.published;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "articles_counts_insert" AFTER INSERT ON "articles"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "section_article_counts_apply"();
CREATE TRIGGER "articles_counts_update" AFTER UPDATE ON "articles"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "section_article_counts_apply"();
CREATE TRIGGER "articles_counts_delete" AFTER DELETE ON "articles"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "section_article_counts_apply"();

INSERT INTO "section_article_counts" ("section_id", "published")
SELECT "section_id", count(*) FROM "articles" WHERE "status" = 'PUBLISHED' AND "deleted_at" IS NULL GROUP BY "section_id";
