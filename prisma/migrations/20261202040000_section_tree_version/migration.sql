-- A version of the section tree's structure (ids, slugs, names, positions, parents), moved in the
-- writer's transaction by any statement that changes it, whoever runs it (the API, a CLI, psql).
-- Each instance keeps the tree in memory and reuses it while the version it reads in the same
-- snapshot as the request's data says the tree is unchanged: no instance ever serves a tree older
-- than the rows it was read with. content_changed_at is not structure: article writes stamp it
-- without moving the version (Section.lastUpdatedAt reads it in its own statement).
CREATE TABLE "section_tree_version" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "version" BIGINT NOT NULL DEFAULT 0,
    CONSTRAINT "section_tree_version_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "section_tree_version_single_row" CHECK ("id" = 1)
);
INSERT INTO "section_tree_version" ("id", "version") VALUES (1, 0);

CREATE FUNCTION "section_tree_version_bump"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "section_tree_version" SET "version" = "version" + 1 WHERE "id" = 1;
  RETURN NULL;
END
$$;

CREATE TRIGGER "sections_tree_insert_delete" AFTER INSERT OR DELETE OR TRUNCATE ON "sections"
  FOR EACH STATEMENT EXECUTE FUNCTION "section_tree_version_bump"();
CREATE TRIGGER "sections_tree_update" AFTER UPDATE OF "id", "slug", "name", "position", "parent_id" ON "sections"
  FOR EACH STATEMENT EXECUTE FUNCTION "section_tree_version_bump"();
