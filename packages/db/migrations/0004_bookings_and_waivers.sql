CREATE TABLE "booking_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partner_id" uuid NOT NULL,
	"booking_id" text NOT NULL,
	"event" text NOT NULL,
	"status" text NOT NULL,
	"starts_at" timestamp with time zone,
	"quantity" integer NOT NULL,
	"total_amount" numeric,
	"total_formatted" text,
	"event_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "booking_events_event_check" CHECK ("booking_events"."event" in ('created', 'updated', 'canceled')),
	CONSTRAINT "booking_events_status_check" CHECK ("booking_events"."status" in ('booked', 'canceled'))
);
--> statement-breakpoint
CREATE TABLE "waivers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partner_id" uuid NOT NULL,
	"booking_id" text NOT NULL,
	"template_id" text NOT NULL,
	"signed_at" timestamp with time zone NOT NULL,
	"signed_by_guardian" boolean DEFAULT false NOT NULL,
	"participant_name" text,
	"optin_marketing" boolean DEFAULT false NOT NULL,
	"optin_sms" boolean DEFAULT false NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "waivers_partner_id_booking_id_template_id_signed_at_key" UNIQUE("partner_id","booking_id","template_id","signed_at")
);
--> statement-breakpoint
ALTER TABLE "bookings" ALTER COLUMN "status" SET DEFAULT 'booked';--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "display_id" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "checked_in" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "no_show" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "activity_name" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "quantity" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "total_amount" numeric;--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "total_formatted" text;--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "guest_name" text;--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "event_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "booking_events" ADD CONSTRAINT "booking_events_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "waivers" ADD CONSTRAINT "waivers_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "booking_events_partner_id_booking_id_event_at_index" ON "booking_events" USING btree ("partner_id","booking_id","event_at");--> statement-breakpoint
CREATE INDEX "waivers_partner_id_booking_id_index" ON "waivers" USING btree ("partner_id","booking_id");--> statement-breakpoint
CREATE INDEX "bookings_partner_id_starts_at_booking_id_index" ON "bookings" USING btree ("partner_id","starts_at","booking_id");--> statement-breakpoint
-- Bookings stored before: the finer statuses become flags, and the listed fields come from the parsed booking.
UPDATE "bookings" SET
	"checked_in" = ("status" = 'checked_in'),
	"no_show" = ("status" = 'no_show'),
	"status" = CASE WHEN "status" = 'canceled' THEN 'canceled' ELSE 'booked' END,
	"display_id" = coalesce("data"->>'displayId', ''),
	"activity_name" = coalesce("data"->>'productName', ''),
	"quantity" = CASE WHEN "data"->>'totalTickets' ~ '^[0-9]{1,9}$' THEN ("data"->>'totalTickets')::int ELSE 0 END,
	"total_amount" = CASE WHEN "data"->>'valueAmount' ~ '^-?[0-9]{1,20}(\.[0-9]{1,10})?$' THEN ("data"->>'valueAmount')::numeric END,
	"total_formatted" = nullif("data"->>'valueDisplay', ''),
	"guest_name" = nullif("data"->>'customerName', ''),
	"event_at" = "changed_at";--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_status_check" CHECK ("bookings"."status" in ('booked', 'canceled'));