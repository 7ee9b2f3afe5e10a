CREATE TABLE "bookings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partner_id" uuid NOT NULL,
	"booking_id" text NOT NULL,
	"status" text NOT NULL,
	"starts_at" timestamp with time zone,
	"data" jsonb NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bookings_partner_id_booking_id_key" UNIQUE("partner_id","booking_id")
);
--> statement-breakpoint
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
	CONSTRAINT "partner_users_email_key" UNIQUE("email"),
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
CREATE TABLE "webhook_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"install_id" text NOT NULL,
	"outcome" text NOT NULL,
	"reason" text,
	"payload" jsonb NOT NULL,
	"delivery_count" integer DEFAULT 1 NOT NULL,
	"first_received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "webhook_deliveries_dedupe_key_key" UNIQUE("dedupe_key"),
	CONSTRAINT "webhook_deliveries_kind_check" CHECK ("webhook_deliveries"."kind" in ('installation', 'booking')),
	CONSTRAINT "webhook_deliveries_outcome_check" CHECK ("webhook_deliveries"."outcome" in ('accepted', 'rejected'))
);
--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demo_records" ADD CONSTRAINT "demo_records_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_user_connections" ADD CONSTRAINT "partner_user_connections_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_user_connections" ADD CONSTRAINT "partner_user_connections_partner_user_id_partner_users_id_fk" FOREIGN KEY ("partner_user_id") REFERENCES "public"."partner_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "demo_records_partner_id_created_at_index" ON "demo_records" USING btree ("partner_id","created_at");--> statement-breakpoint
CREATE INDEX "partner_user_connections_partner_user_id_index" ON "partner_user_connections" USING btree ("partner_user_id");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_install_id_last_received_at_index" ON "webhook_deliveries" USING btree ("install_id","last_received_at");