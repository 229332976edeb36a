-- Events too large for a NOTIFY payload (PostgreSQL's limit is 8,000 bytes: about 200 article
-- ids), such as the one content change of a legacy import that published 10,000 pages. The
-- writer stores the event here in its transaction and notifies its id; each listening instance
-- reads it. Rows older than an hour are removed by the next writer of a large event: a listener
-- reads an event within moments of its commit or not at all (NOTIFYs missed are lost anyway).
CREATE TABLE "event_payloads" (
    "id" BIGSERIAL NOT NULL,
    "payload" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "event_payloads_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "event_payloads_created_at_idx" ON "event_payloads"("created_at");
