CREATE TABLE "audit_log" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partner_id" uuid NOT NULL,
	"actor_user_id" uuid,
	"action" text NOT NULL,
	"subject" text,
	"before" jsonb,
	"after" jsonb,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "housekeeping_runs" (
	"task" text PRIMARY KEY NOT NULL,
	"ran_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "partner_settings" (
	"partner_id" uuid PRIMARY KEY NOT NULL,
	"settings" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by_user_id" uuid
);
--> statement-breakpoint
CREATE TABLE "setup_steps" (
	"partner_id" uuid NOT NULL,
	"step_id" text NOT NULL,
	"done_at" timestamp with time zone DEFAULT now() NOT NULL,
	"done_by_user_id" uuid,
	CONSTRAINT "setup_steps_partner_id_step_id_pk" PRIMARY KEY("partner_id","step_id")
);
--> statement-breakpoint
ALTER TABLE "partner_user_connections" ADD COLUMN "is_admin" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "partner_user_connections" ADD COLUMN "portal_access_revoked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "partners" ADD COLUMN "uninstalled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "partners" ADD COLUMN "purged_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "partners" ADD COLUMN "purge_counts" jsonb;--> statement-breakpoint
ALTER TABLE "partners" ADD COLUMN "setup_status" text DEFAULT 'not_started' NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_settings" ADD CONSTRAINT "partner_settings_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_settings" ADD CONSTRAINT "partner_settings_updated_by_user_id_partner_users_id_fk" FOREIGN KEY ("updated_by_user_id") REFERENCES "public"."partner_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "setup_steps" ADD CONSTRAINT "setup_steps_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "setup_steps" ADD CONSTRAINT "setup_steps_done_by_user_id_partner_users_id_fk" FOREIGN KEY ("done_by_user_id") REFERENCES "public"."partner_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_partner_id_at_index" ON "audit_log" USING btree ("partner_id","at");--> statement-breakpoint
ALTER TABLE "partners" ADD CONSTRAINT "partners_setup_status_check" CHECK ("partners"."setup_status" in ('not_started', 'in_progress', 'complete'));