-- A publish or an edit writes its article's entries into the GIN indexes: its search document,
-- title trigrams and ranking vector (article_search), its tags and authors (articles). With
-- PostgreSQL's default (fastupdate on) they wait in a pending list, and the writer whose entries
-- take the list over gin_pending_list_limit (4 MB) merges the whole list into the index inside its
-- own statement. Issue 12 asks that the index build keep a publish under 50 ms.
--
-- Measured at 100,000 articles (npm run bench:publish, bench/RESULTS-publish.md): 1,500 publishes
-- of drafts and 1,500 edits of published articles' text through the service, one at a time, on
-- three copies of the dataset in turn, the lists' sizes read after each write. With the default
-- lists one write of each kind merged them, in 177 and 148 ms, the only ones over 50 ms; with
-- lists of 256 kB, 53 writes merged them, and the 11 over 50 ms (up to 128 ms) were all merges.
-- Without a list: p50 9.1 ms (publish) and 11.1 ms (edit) against 8.0 and 9.7, p99 19.0 and
-- 21.9 ms, the slowest 47 ms, none over 50 ms. A search no longer reads a pending list either.
--
-- Bulk loads pay for it: bench:data's COPY of 20,000 articles took 42 s instead of 20 s, so the
-- bench's dataset generator turns the lists on for its COPY and off after (bench/data/generate.ts).

-- Every GIN index of the tables a publish writes, whatever its name; what waits in its list goes
-- into the index now (turning fastupdate off leaves it there).
DO $$
DECLARE
  gin regclass;
BEGIN
  FOR gin IN
    SELECT c.oid::regclass FROM pg_index i
      JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam
     WHERE a.amname = 'gin'
       AND i.indrelid IN ('articles'::regclass, 'article_search'::regclass, 'search_words'::regclass)
  LOOP
    EXECUTE format('ALTER INDEX %s SET (fastupdate = off)', gin);
    PERFORM gin_clean_pending_list(gin);
  END LOOP;
END
$$;
