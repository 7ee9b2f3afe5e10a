CREATE TABLE "demo_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partner_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"count" integer,
	"rating" double precision,
	"price" numeric,
	"active" boolean DEFAULT false NOT NULL,
	"tags" text[],
	"published_on" date,
	"alarm_time" time,
	"naive_event_at" timestamp,
	"status" text DEFAULT 'draft' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "demo_records_partner_id_name_key" UNIQUE("partner_id","name"),
	CONSTRAINT "demo_records_status_check" CHECK ("demo_records"."status" in ('draft', 'published', 'archived'))
);
--> statement-breakpoint
CREATE TABLE "partner_user_connections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partner_id" uuid NOT NULL,
	"partner_user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "partner_user_connections_partner_id_partner_user_id_key" UNIQUE("partner_id","partner_user_id")
);
--> statement-breakpoint
CREATE TABLE "partner_users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"name" text,
	"confirmed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "partner_users_email_normalised_check" CHECK ("partner_users"."email" = lower(btrim("partner_users"."email")))
);
--> statement-breakpoint
CREATE TABLE "partners" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"external_refid" text NOT NULL,
	"platform" text DEFAULT 'peek' NOT NULL,
	"app_registry_installation_refid" text,
	"app_registry_installation" jsonb,
	"is_test" boolean DEFAULT false NOT NULL,
	"timezone" text,
	"api_config" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "partners_app_registry_installation_refid_key" UNIQUE("app_registry_installation_refid"),
	CONSTRAINT "partners_external_refid_platform_key" UNIQUE("external_refid","platform"),
	CONSTRAINT "partners_platform_check" CHECK ("partners"."platform" in ('peek', 'acme', 'cng'))
);
--> statement-breakpoint
ALTER TABLE "demo_records" ADD CONSTRAINT "demo_records_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_user_connections" ADD CONSTRAINT "partner_user_connections_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_user_connections" ADD CONSTRAINT "partner_user_connections_partner_user_id_partner_users_id_fk" FOREIGN KEY ("partner_user_id") REFERENCES "public"."partner_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "demo_records_partner_id_created_at_index" ON "demo_records" USING btree ("partner_id","created_at");--> statement-breakpoint
CREATE INDEX "partner_user_connections_partner_user_id_index" ON "partner_user_connections" USING btree ("partner_user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "partner_users_email_lower_key" ON "partner_users" USING btree (lower("email"));