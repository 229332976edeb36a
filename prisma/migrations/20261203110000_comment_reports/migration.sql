-- Readers' reports on comments and erasure of a commenter's personal data (issue 18).
-- comments.report_count counts open reports, so reported comments head the moderation queue through
-- a partial index that holds only them.

-- CreateEnum
CREATE TYPE "ReportReason" AS ENUM ('SPAM', 'ABUSE', 'OFF_TOPIC', 'PERSONAL_DATA', 'OTHER');

-- AlterTable
ALTER TABLE "comments" ADD COLUMN     "report_count" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "comment_reports" (
    "id" UUID NOT NULL,
    "comment_id" UUID NOT NULL,
    "reason" "ReportReason" NOT NULL,
    "note" TEXT,
    "client_hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "resolved_at" TIMESTAMPTZ(3),

    CONSTRAINT "comment_reports_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "erasures" (
    "id" UUID NOT NULL,
    "email_hash" TEXT NOT NULL,
    "comments" INTEGER NOT NULL,
    "bodies_removed" BOOLEAN NOT NULL,
    "erased_by" TEXT NOT NULL,
    "erased_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "erasures_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "comment_reports_comment_id_client_hash_key" ON "comment_reports"("comment_id", "client_hash");

-- CreateIndex
CREATE INDEX "erasures_email_hash_idx" ON "erasures"("email_hash");

-- AddForeignKey
ALTER TABLE "comment_reports" ADD CONSTRAINT "comment_reports_comment_id_fkey" FOREIGN KEY ("comment_id") REFERENCES "comments"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- CreateIndex (partial: only reported, approved comments)
CREATE INDEX "comments_reported_idx" ON "comments"("report_count" DESC, "created_at", "id") WHERE "status" = 'APPROVED' AND "report_count" > 0;
