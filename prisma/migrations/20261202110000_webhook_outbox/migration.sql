-- The webhook outbox: one row per content-change event and configured URL, written in the
-- writer's transaction (so an event exists exactly when its change committed) and delivered by
-- whichever instance claims it first. A claim leases the row (next_attempt_at moves ahead), so a
-- process that dies mid-delivery leaves it due again once the lease runs out: nothing is lost.
-- The rows are the delivery log that ADMIN tokens read.
CREATE TABLE "webhook_deliveries" (
    "id" UUID NOT NULL,
    "url" TEXT NOT NULL,
    "event_id" UUID NOT NULL,
    "event_type" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "delivered_at" TIMESTAMPTZ(3),
    "failed_at" TIMESTAMPTZ(3),
    "last_status" INTEGER,
    "last_error" TEXT,

    CONSTRAINT "webhook_deliveries_pkey" PRIMARY KEY ("id")
);

-- what is due: undelivered rows by their next attempt
CREATE INDEX "webhook_deliveries_due_idx" ON "webhook_deliveries" ("next_attempt_at") WHERE "delivered_at" IS NULL AND "failed_at" IS NULL;
-- the log, newest first
CREATE INDEX "webhook_deliveries_created_idx" ON "webhook_deliveries" ("created_at" DESC, "id" DESC);
