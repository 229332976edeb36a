-- The PostGraphile v5 baseline's API schema: what a PostGraphile user would write to serve this
-- project's front page and article page from the project's own tables (schema public, read only,
-- with the project's own indexes; nothing here touches public). PostGraphile exposes bench_pg.
-- Applied by bench/baselines/postgraphile.ts inside one transaction after dropping the schema, so
-- a changed definition always replaces the old one (CREATE OR REPLACE VIEW cannot drop columns).
CREATE SCHEMA IF NOT EXISTS bench_pg;

-- Sections, all of them (the tree is public). Views have no constraints of their own: smart tags
-- give PostGraphile the primary key (so Node IDs and `rowId` exist) and the tree's foreign key.
CREATE OR REPLACE VIEW bench_pg.sections AS
  SELECT s.id, s.slug, s.name, s.position, s.parent_id FROM public.sections s;
COMMENT ON VIEW bench_pg.sections IS E'@primaryKey id\n@foreignKey (parent_id) references bench_pg.sections (id)|@fieldName parent|@foreignFieldName children';

-- "Visible" articles, the service's definition (articles.content-state.ts): stored PUBLISHED, not
-- deleted, published_at <= now. The first two are exactly the predicate of the project's partial
-- indexes articles_visible_idx / articles_visible_section_idx, so plans over this view can use them
-- (and, on a database migrated before those existed, the full (section_id, published_at, id) one).
CREATE OR REPLACE VIEW bench_pg.articles AS
  SELECT a.id, a.slug, a.title, a.summary, a.paragraphs, a.image, a.tags, a.byline, a.published_at, a.comment_count, a.section_id
    FROM public.articles a
   WHERE a.status = 'PUBLISHED' AND a.deleted_at IS NULL AND a.published_at <= now();
COMMENT ON VIEW bench_pg.articles IS E'@primaryKey id\n@foreignKey (section_id) references bench_pg.sections (id)|@fieldName section|@foreignFieldName ownArticles\nVisible articles.';

-- Approved comments only, what the public may read.
CREATE OR REPLACE VIEW bench_pg.comments AS
  SELECT c.id, c.article_id, c.parent_id, c.author_name, c.body, c.created_at
    FROM public.comments c
   WHERE c.status = 'APPROVED';
COMMENT ON VIEW bench_pg.comments IS E'@primaryKey id\n@foreignKey (article_id) references bench_pg.articles (id)|@fieldName article|@foreignFieldName allComments';

-- Top-level sections in the service's order (position, then name): Query.topSections.
CREATE OR REPLACE FUNCTION bench_pg.top_sections() RETURNS SETOF bench_pg.sections
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT s.* FROM bench_pg.sections s WHERE s.parent_id IS NULL ORDER BY s.position, s.name
$$;
COMMENT ON FUNCTION bench_pg.top_sections() IS E'@behavior -connection +list\nTop-level sections, by position.';

-- Section.path: root .. the section itself, like the service's.
CREATE OR REPLACE FUNCTION bench_pg.sections_path(s bench_pg.sections) RETURNS SETOF bench_pg.sections
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  WITH RECURSIVE up(id, parent_id, depth) AS (
    SELECT s.id, s.parent_id, 0
    UNION ALL
    SELECT p.id, p.parent_id, up.depth + 1 FROM public.sections p JOIN up ON p.id = up.parent_id WHERE up.depth < 16
  )
  SELECT v.* FROM up JOIN bench_pg.sections v ON v.id = up.id ORDER BY up.depth DESC
$$;
COMMENT ON FUNCTION bench_pg.sections_path(bench_pg.sections) IS E'@behavior -connection +list\nRoot .. this section, for breadcrumbs.';

-- Section.subtreeArticles: visible articles of the section and all its descendants.
-- One SELECT in LANGUAGE sql, STABLE, not STRICT: PostgreSQL inlines it into PostGraphile's query,
-- so PostGraphile's ORDER BY and LIMIT (first + 1) reach the planner. The subtree is an
-- IN (recursive CTE), a semi-join, which lets the planner walk articles_visible_idx in
-- (published_at, id) order and stop after `first` rows of the subtree instead of fetching and
-- sorting the whole subtree. No ORDER BY here: `@behavior +order` gives the field PostGraphile's
-- orderBy argument (the documents ask PUBLISHED_AT_DESC, ROW_ID_DESC), so totalCount, a count(*)
-- over this same function, sorts nothing and counts from articles_visible_section_idx alone.
CREATE OR REPLACE FUNCTION bench_pg.sections_subtree_articles(s bench_pg.sections) RETURNS SETOF bench_pg.articles
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT a.* FROM bench_pg.articles a
   WHERE a.section_id IN (
     WITH RECURSIVE down(id, depth) AS (
       SELECT s.id, 0
       UNION ALL
       SELECT c.id, down.depth + 1 FROM public.sections c JOIN down ON c.parent_id = down.id WHERE down.depth < 16
     ) SELECT down.id FROM down)
$$;
COMMENT ON FUNCTION bench_pg.sections_subtree_articles(bench_pg.sections) IS E'@behavior +order\nVisible articles of this section and its subsections.';

-- Article.topComments: approved top-level comments, oldest first (the service's order: created_at, id).
CREATE OR REPLACE FUNCTION bench_pg.articles_top_comments(a bench_pg.articles) RETURNS SETOF bench_pg.comments
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT c.* FROM bench_pg.comments c
   WHERE c.article_id = a.id AND c.parent_id IS NULL
   ORDER BY c.created_at, c.id
$$;
COMMENT ON FUNCTION bench_pg.articles_top_comments(bench_pg.articles) IS E'Approved top-level comments, oldest first.';

-- Query.articleBySlug: a visible article by its current slug or a former one (article_slugs),
-- as the service resolves it. Slugs are reserved for one article, so at most one id matches.
CREATE OR REPLACE FUNCTION bench_pg.article_by_slug(slug text) RETURNS bench_pg.articles
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT a.* FROM bench_pg.articles a
   WHERE a.id = coalesce(
     (SELECT x.id FROM public.articles x WHERE x.slug = article_by_slug.slug),
     (SELECT o.article_id FROM public.article_slugs o WHERE o.slug = article_by_slug.slug))
$$;
COMMENT ON FUNCTION bench_pg.article_by_slug(text) IS E'A visible article by current or former slug.';
