-- View counts (issue 12, point 6). Views are buffered by each instance and flushed in batches; the
-- de-duplication (one counted view per client per article per 30 minutes) is decided here, at
-- flush time, so it holds whichever instance a reader reaches.

-- Views per article and day (the site's time zone): mostRead sums the days it looks back over.
CREATE TABLE "article_views_daily" (
    "article_id" UUID NOT NULL,
    "day" DATE NOT NULL,
    "views" INTEGER NOT NULL,

    CONSTRAINT "article_views_daily_pkey" PRIMARY KEY ("article_id","day")
);
CREATE INDEX "article_views_daily_day_article_id_idx" ON "article_views_daily"("day", "article_id");
ALTER TABLE "article_views_daily" ADD CONSTRAINT "article_views_daily_article_id_fkey" FOREIGN KEY ("article_id") REFERENCES "articles"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The last counted view of each (article, client) in the last 30 minutes; older rows are swept
-- by the flushes.
CREATE TABLE "article_view_clients" (
    "article_id" UUID NOT NULL,
    "client" TEXT NOT NULL,
    "counted_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "article_view_clients_pkey" PRIMARY KEY ("article_id","client")
);
CREATE INDEX "article_view_clients_counted_at_idx" ON "article_view_clients"("counted_at");
