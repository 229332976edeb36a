-- When a public comment thread last changed (an approval, a removal): the Last-Modified of
-- responses that hold comments or counts is the later of this and Site.lastUpdatedAt.
ALTER TABLE "site_state" ADD COLUMN "comments_changed_at" TIMESTAMPTZ(3);
