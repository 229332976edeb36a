-- AlterTable
ALTER TABLE "comments" ADD COLUMN     "moderated_at" TIMESTAMPTZ(3),
ADD COLUMN     "moderated_by" TEXT;

-- AlterTable
ALTER TABLE "site_state" ADD COLUMN     "client_salt" TEXT;

-- CreateTable
CREATE TABLE "idempotency_keys" (
    "scope" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "request_hash" TEXT NOT NULL,
    "response" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY ("scope","key")
);

-- CreateTable
CREATE TABLE "go_live_events" (
    "article_id" UUID NOT NULL,
    "published_at" TIMESTAMPTZ(3) NOT NULL,
    "emitted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "go_live_events_pkey" PRIMARY KEY ("article_id","published_at")
);

-- CreateIndex
CREATE INDEX "idempotency_keys_expires_at_idx" ON "idempotency_keys"("expires_at");

-- CreateIndex
CREATE INDEX "comments_client_hash_created_at_idx" ON "comments"("client_hash", "created_at");
