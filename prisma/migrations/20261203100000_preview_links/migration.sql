-- Draft preview links (issue 18): one article shown without a staff token until expires_at or
-- revocation; only the SHA-256 of the random token is stored.

-- CreateTable
CREATE TABLE "preview_links" (
    "id" UUID NOT NULL,
    "article_id" UUID NOT NULL,
    "token_hash" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "created_by" TEXT,
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "preview_links_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "preview_links_token_hash_key" ON "preview_links"("token_hash");

-- CreateIndex
CREATE INDEX "preview_links_article_id_idx" ON "preview_links"("article_id");

-- AddForeignKey
ALTER TABLE "preview_links" ADD CONSTRAINT "preview_links_article_id_fkey" FOREIGN KEY ("article_id") REFERENCES "articles"("id") ON DELETE CASCADE ON UPDATE CASCADE;

