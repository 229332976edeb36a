-- tags(prefix) with counts of visible articles (issue 18) without counting articles: the number of
-- stored-PUBLISHED, not deleted articles of each tag, kept by statement-level triggers like
-- section_article_counts (COPY and bulk updates pay once per statement). Visible = this minus the
-- tag's scheduled articles, which are few (a range scan of "articles_visible_idx", published_at > now).
-- `folded` is the tag's search form, so a prefix matches whatever hamza form, tashkeel or case.
CREATE TABLE "tag_counts" (
    "tag" TEXT NOT NULL,
    "published" INTEGER NOT NULL DEFAULT 0,
    "folded" TEXT NOT NULL,

    CONSTRAINT "tag_counts_pkey" PRIMARY KEY ("tag")
);

CREATE FUNCTION "tag_counts_apply"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Transition tables exist per event: only the branch of this event names them.
  IF TG_OP = 'INSERT' THEN
    INSERT INTO tag_counts AS c (tag, published, folded)
    SELECT t.tag, count(*), search_normalize(t.tag) FROM new_rows r CROSS JOIN LATERAL unnest(r.tags) AS t(tag)
     WHERE r.status = 'PUBLISHED' AND r.deleted_at IS NULL
     GROUP BY t.tag ORDER BY t.tag
    ON CONFLICT (tag) DO UPDATE SET published = c.published + EXCLUDED.published;
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE tag_counts c SET published = c.published - d.n
      FROM (SELECT t.tag, count(*) AS n FROM old_rows r CROSS JOIN LATERAL unnest(r.tags) AS t(tag)
             WHERE r.status = 'PUBLISHED' AND r.deleted_at IS NULL GROUP BY t.tag) d
     WHERE c.tag = d.tag;
  ELSE
    INSERT INTO tag_counts AS c (tag, published, folded)
    SELECT d.tag, sum(d.delta), search_normalize(d.tag) FROM (
        SELECT t.tag, 1 AS delta FROM new_rows r CROSS JOIN LATERAL unnest(r.tags) AS t(tag)
         WHERE r.status = 'PUBLISHED' AND r.deleted_at IS NULL
        UNION ALL
        SELECT t.tag, -1 FROM old_rows r CROSS JOIN LATERAL unnest(r.tags) AS t(tag)
         WHERE r.status = 'PUBLISHED' AND r.deleted_at IS NULL
      ) d
     GROUP BY d.tag HAVING sum(d.delta) <> 0 ORDER BY d.tag
    ON CONFLICT (tag) DO UPDATE SET published = c.published + EXCLUDED.published;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "articles_tag_counts_insert" AFTER INSERT ON "articles"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "tag_counts_apply"();
CREATE TRIGGER "articles_tag_counts_update" AFTER UPDATE ON "articles"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "tag_counts_apply"();
CREATE TRIGGER "articles_tag_counts_delete" AFTER DELETE ON "articles"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "tag_counts_apply"();

INSERT INTO "tag_counts" ("tag", "published", "folded")
SELECT t.tag, count(*), search_normalize(t.tag) FROM "articles" a CROSS JOIN LATERAL unnest(a.tags) AS t(tag)
 WHERE a."status" = 'PUBLISHED' AND a."deleted_at" IS NULL GROUP BY t.tag;
