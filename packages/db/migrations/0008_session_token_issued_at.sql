-- A session's current token has its own issue time: a reissue no longer moves `created_at`, which stays the sign-in
-- time a portal session's absolute lifetime counts from. Sessions reissued before this have only their last reissue
-- as `created_at`: both start there.
ALTER TABLE "sessions" ADD COLUMN "token_issued_at" timestamp with time zone DEFAULT now() NOT NULL;
--> statement-breakpoint
UPDATE "sessions" SET "token_issued_at" = "created_at";
