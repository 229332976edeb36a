-- The ranked hits of a search (those whose title or summary holds a query word) found on their
-- own: a search of single words by relevance reads its page from these and only counts the rest
-- (src/modules/search/search.repository.ts, "ranked first"). One index per kind of document, as
-- for the documents (migration 20261202160000_search_state). Measured at 100,000 articles: a
-- section's name is in 28,364 documents and 7,318 titles or summaries; its search went from
-- ranking, keeping and sorting every hit to ranking those 7,318 and counting the others.
CREATE INDEX "article_search_rank_arabic_idx" ON "article_search" USING GIN ("rank_vector") WHERE "config" = 'arabic';
CREATE INDEX "article_search_rank_other_idx" ON "article_search" USING GIN ("rank_vector") WHERE "config" <> 'arabic';
