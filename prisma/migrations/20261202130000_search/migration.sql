-- Search (PRODUCT.md "Arabic search"), on PostgreSQL alone.
--
-- search_normalize() is the search form of a text, the twin of normalizeForSearch() in
-- src/lib/arabic.ts (test/search/normalize.test.ts proves them equal): NFKC; tashkeel, tatweel
-- and zero-width characters removed; أ إ آ ٱ → ا, ى → ي, ة → ه, ؤ → و, ئ → ي, Persian ی ک → ي ك,
-- Arabic-Indic and Persian digits → 0-9, Latin capitals → small letters. Immutable: it builds
-- stored documents and their indexes.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE FUNCTION "search_normalize"(input text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  -- replace() per letter and lower() under the C collation (ASCII only) are cheap; translate()
  -- costs the length of its list per character, so it runs only on texts that need it (measured:
  -- one translate() of the whole list took 1 ms per 1.6 KB body, this about a fifth), and NFKC
  -- only runs on texts that are not already in it.
  SELECT CASE WHEN t ~ '[٠-٩۰-۹À-ÞĀ-Ž]'
    THEN translate(t, '٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮĲĴĶĹĻĽĿŁŃŅŇŊŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ',
                      '01234567890123456789àáâãäåæçèéêëìíîïðñòóôõöøùúûüýþāăąćĉċčďđēĕėęěĝğġģĥħĩīĭįĳĵķĺļľŀłńņňŋōŏőœŕŗřśŝşšţťŧũūŭůűųŵŷÿźżž')
    ELSE t END
  FROM (SELECT replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(lower(regexp_replace(CASE WHEN input IS NFKC NORMALIZED THEN input ELSE normalize(input, NFKC) END,
        '[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06DC\u06DF-\u06E8\u06EA-\u06ED\u0640\u00AD\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]', '', 'g') COLLATE "C"), 'أ', 'ا'), 'إ', 'ا'), 'آ', 'ا'), 'ٱ', 'ا'), 'ى', 'ي'), 'ة', 'ه'), 'ؤ', 'و'), 'ئ', 'ي'), 'ی', 'ي'), 'ک', 'ك') AS t) normalised
$$;

-- The text search configuration of an article's language (BCP 47): the stemmers PostgreSQL
-- ships, 'simple' (no stemming, no stop words) for the rest. Mirrored by SEARCH_CONFIGS in
-- src/modules/search/search.repository.ts (a test compares them).
CREATE FUNCTION "search_config"(language text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  SELECT CASE lower(split_part(language, '-', 1))
    WHEN 'ar' THEN 'arabic' WHEN 'en' THEN 'english' WHEN 'fr' THEN 'french' WHEN 'de' THEN 'german'
    WHEN 'es' THEN 'spanish' WHEN 'it' THEN 'italian' WHEN 'pt' THEN 'portuguese' WHEN 'nl' THEN 'dutch'
    WHEN 'ru' THEN 'russian' WHEN 'tr' THEN 'turkish' WHEN 'id' THEN 'indonesian' WHEN 'sv' THEN 'swedish'
    WHEN 'da' THEN 'danish' WHEN 'nb' THEN 'norwegian' WHEN 'no' THEN 'norwegian' WHEN 'fi' THEN 'finnish'
    WHEN 'hu' THEN 'hungarian' WHEN 'ro' THEN 'romanian' WHEN 'el' THEN 'greek'
    ELSE 'simple' END
$$;

-- An article's search document, in a table of its own so that counters (views, comments) that
-- update articles never rebuild it: title (weight A), summary (B) and body (C), normalised, in its
-- language's configuration, matched through the GIN index. Hits are ranked on `rank_vector`, the
-- title and summary alone: a few hundred bytes kept in the row, where ranking the whole document
-- read it back from TOAST for every hit (measured at 100,000 articles: most of a search's time).
-- Body-only matches rank 0 and follow by recency. `title` is the normalised title, for similarity
-- (related articles).
CREATE TABLE "article_search" (
    "article_id" UUID NOT NULL,
    "config" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "document" TSVECTOR NOT NULL,
    "rank_vector" TSVECTOR NOT NULL,

    CONSTRAINT "article_search_pkey" PRIMARY KEY ("article_id")
);
CREATE INDEX "article_search_document_idx" ON "article_search" USING GIN ("document");
CREATE INDEX "article_search_title_idx" ON "article_search" USING GIN ("title" gin_trgm_ops);
ALTER TABLE "article_search" ADD CONSTRAINT "article_search_article_id_fkey" FOREIGN KEY ("article_id") REFERENCES "articles"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A search's hits are checked against the content-state rule on articles: this partial index
-- answers the rule's stored part and carries published_at and section_id, so the check is an
-- index-only scan rather than a read of each hit's article row.
CREATE INDEX "articles_search_visible_idx" ON "articles" ("id", "published_at", "section_id") WHERE "status" = 'PUBLISHED' AND "deleted_at" IS NULL;

-- The configurations in use: a search parses its query once per configuration, and matches each
-- document with the query parsed its way (an exclusion stays an exclusion under every stemmer).
CREATE TABLE "search_configs" (
    "name" TEXT NOT NULL,

    CONSTRAINT "search_configs_pkey" PRIMARY KEY ("name")
);

-- Every word of the normalised titles, summaries and bodies (3 to 30 letters; tokens with digits
-- or URL and address punctuation are codes, not words, and would only grow it), with a trigram
-- index: the spelling variants of a query's words that stemming does not unify (بوتين / بوتن, سوريا / سورية) are
-- found here and the search widened with them (the pattern of PostgreSQL's pg_trgm documentation,
-- "Text Search Integration": trigrams over a table of unique words, not over whole documents).
CREATE TABLE "search_words" (
    "word" TEXT NOT NULL,

    CONSTRAINT "search_words_pkey" PRIMARY KEY ("word")
);
CREATE INDEX "search_words_word_idx" ON "search_words" USING GIN ("word" gin_trgm_ops);

-- Documents follow their articles in the writer's statement: on insert, and on an update that
-- changes the text or the language (not on counters). Statement-level, so a bulk load or import
-- builds its documents in one pass.
CREATE FUNCTION "article_search_build"(ids uuid[]) RETURNS void LANGUAGE sql AS $$
  WITH texts AS (
    SELECT a.id, search_config(a.language) AS config, search_normalize(a.title) AS title,
           search_normalize(coalesce(a.summary, '')) AS summary, search_normalize(array_to_string(a.paragraphs, E'\n\n')) AS body
      FROM articles a WHERE a.id = ANY(ids)
  ), docs AS (
    INSERT INTO article_search (article_id, config, title, document, rank_vector)
    SELECT v.id, v.config, v.title, v.headline || setweight(to_tsvector(v.config::regconfig, v.body), 'C'), v.headline
      FROM (SELECT t.*, setweight(to_tsvector(t.config::regconfig, t.title), 'A') || setweight(to_tsvector(t.config::regconfig, t.summary), 'B') AS headline
              FROM texts t) v
    ON CONFLICT (article_id) DO UPDATE SET config = excluded.config, title = excluded.title, document = excluded.document, rank_vector = excluded.rank_vector
    RETURNING config
  ), configs AS (
    INSERT INTO search_configs (name) SELECT DISTINCT config FROM docs ORDER BY 1 ON CONFLICT DO NOTHING
  )
  INSERT INTO search_words (word)
  SELECT DISTINCT w.lexeme FROM texts t, unnest(to_tsvector('simple', t.title || ' ' || t.summary || ' ' || t.body)) w
   WHERE char_length(w.lexeme) BETWEEN 3 AND 30 AND w.lexeme !~ '[0-9_/.@:]'
   ORDER BY 1
  ON CONFLICT DO NOTHING
$$;

CREATE FUNCTION "article_search_inserted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM article_search_build(ARRAY(SELECT n.id FROM new_rows n));
  RETURN NULL;
END $$;

CREATE FUNCTION "article_search_updated"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM article_search_build(ARRAY(SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
     WHERE (n.title, n.summary, n.paragraphs, n.language) IS DISTINCT FROM (o.title, o.summary, o.paragraphs, o.language)));
  RETURN NULL;
END $$;

CREATE TRIGGER "articles_search_insert" AFTER INSERT ON "articles"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "article_search_inserted"();
CREATE TRIGGER "articles_search_update" AFTER UPDATE ON "articles"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "article_search_updated"();

-- Documents of the articles that exist.
SELECT article_search_build(ARRAY(SELECT id FROM articles));
