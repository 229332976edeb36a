-- Legacy import (issue 13): what each imported page became, so that a second run over the same
-- folder creates and changes nothing, an edited page updates its article, and an article an
-- editor changed since its import is left alone.
CREATE TABLE "article_imports" (
    -- the legacy article number ("legacy:<n>") where the page has one, else its file name ("file:<name>")
    "source" TEXT NOT NULL,
    "article_id" UUID NOT NULL,
    "file_name" TEXT NOT NULL,
    -- SHA-256 of what the import wrote from the page (title, path, paragraphs, language, stamp)
    "content_hash" TEXT NOT NULL,
    -- the article's version that import wrote: a later one is an editor's change
    "article_version" INTEGER NOT NULL,
    -- the site's "last updated" stamp in the page's header, at capture time
    "captured_at" TIMESTAMPTZ(3),
    "imported_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "article_imports_pkey" PRIMARY KEY ("source")
);
CREATE UNIQUE INDEX "article_imports_article_id_key" ON "article_imports"("article_id");
ALTER TABLE "article_imports" ADD CONSTRAINT "article_imports_article_id_fkey" FOREIGN KEY ("article_id") REFERENCES "articles"("id") ON DELETE CASCADE ON UPDATE CASCADE;
