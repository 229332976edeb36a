-- A publish or an edit writes its article's entries into the GIN indexes: its search document,
-- title trigrams and ranking vector (article_search), its tags and authors (articles). With
-- PostgreSQL's default (fastupdate on) they wait in a pending list, and the writer whose entries
-- take the list over gin_pending_list_limit (4 MB) merges the whole list into the index inside its
-- own statement. Issue 12 asks that the index build keep a publish under 50 ms.
--
-- Measured at 100,000 articles (npm run bench:publish, bench/RESULTS-publish.md): 1,500 publishes
-- of drafts and 1,500 edits of published articles' text through the service, one at a time, on
-- three copies of the dataset in turn. With the default lists the slowest took 139-167 ms (a
-- merge; raw UPDATEs that hit one took 113-198 ms); with lists of 256 kB the merges took 20-40 ms
-- but came every few dozen writes (11 requests over 50 ms). Without a list every write merges its
-- own entries: p50 9.2 ms (publish) and 11.7 ms (edit) against 8.2 and 10.4, p99 19.7 and 21.5 ms,
-- the slowest edit 32.5 ms, and one publish in 1,500 at 87 ms (not a merge: none is left). A
-- search no longer reads a pending list either.
--
-- The price is paid by bulk loads: COPY of 20,000 articles took 42 s instead of 20 s. The bench's
-- dataset generator turns the lists on for its COPY and off again after (bench/data/generate.ts).
ALTER INDEX "article_search_arabic_idx" SET (fastupdate = off);
ALTER INDEX "article_search_other_idx" SET (fastupdate = off);
ALTER INDEX "article_search_rank_arabic_idx" SET (fastupdate = off);
ALTER INDEX "article_search_rank_other_idx" SET (fastupdate = off);
ALTER INDEX "article_search_title_idx" SET (fastupdate = off);
ALTER INDEX "search_words_word_idx" SET (fastupdate = off);
ALTER INDEX "articles_tags_idx" SET (fastupdate = off);
ALTER INDEX "articles_author_ids_idx" SET (fastupdate = off);

-- What waits in the lists goes into the indexes now (turning fastupdate off leaves it there).
SELECT gin_clean_pending_list(i::regclass) FROM unnest(ARRAY[
  'article_search_arabic_idx', 'article_search_other_idx', 'article_search_rank_arabic_idx',
  'article_search_rank_other_idx', 'article_search_title_idx', 'search_words_word_idx',
  'articles_tags_idx', 'articles_author_ids_idx']) AS i;
