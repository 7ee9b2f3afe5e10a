import { z } from "zod";

/**
 * Peek's App Registry manifest (`app.json`), after the original kit's `docs/app.schema.json`: the app, its version and
 * its extendables, with the configuration of the ones this kit uses checked field by field.
 */
const url = z.string().trim().min(1, "can't be blank");
const optionalUrl = z.string().nullish();

export const EXTENDABLE_SLUGS = [
  "app_registry_main_url@v1",
  "app_registry_settings_url@v1",
  "app_registry_webhook@v1",
  "broadcast_to_url@v1",
  "route_show@v1",
  "spinnaker_ember_extension@v1",
  "sunflower_ember_extension@v1",
  "webhook_on_booking_canceled@v1",
  "webhook_on_booking_created@v1",
  "webhook_on_booking_updated@v1",
] as const;

export const BOOKING_EVENTS = ["booking_created", "booking_updated", "booking_canceled"] as const;

const appUrlConfiguration = z.object({
  url,
  url_mode: z.enum(["prepend_base_url", "preserve_relative_url"]).default("prepend_base_url"),
});

const broadcastConfiguration = z.object({
  url,
  events: z.array(z.enum(BOOKING_EVENTS)).min(1, "must name at least one event"),
  output_format: z.enum(["gql", "booking_webhook_data", "booking_id"]).default("booking_id"),
  output_fields_gql_query: z.string().optional(),
  timeout: z.number().int().positive().max(300_000).default(60_000),
});

const extendable = z.discriminatedUnion("slug", [
  z.object({ slug: z.literal("app_registry_main_url@v1"), configuration: appUrlConfiguration }),
  z.object({ slug: z.literal("app_registry_settings_url@v1"), configuration: appUrlConfiguration }),
  z.object({ slug: z.literal("app_registry_webhook@v1"), configuration: z.object({ url }) }),
  z.object({
    slug: z.literal("broadcast_to_url@v1"),
    configuration: broadcastConfiguration.refine((c) => c.output_format !== "gql" || !!c.output_fields_gql_query?.trim(), {
      message: "output_fields_gql_query is required when output_format is gql",
      path: ["output_fields_gql_query"],
    }),
  }),
  ...(["route_show@v1", "spinnaker_ember_extension@v1", "sunflower_ember_extension@v1"] as const).map((slug) =>
    z.object({ slug: z.literal(slug), configuration: z.record(z.string(), z.unknown()) }),
  ),
  ...(["webhook_on_booking_canceled@v1", "webhook_on_booking_created@v1", "webhook_on_booking_updated@v1"] as const).map((slug) =>
    z.object({ slug: z.literal(slug), configuration: z.object({ url }) }),
  ),
]);

export const appManifestSchema = z.object({
  data: z.object({
    app: z.object({
      id: z
        .string()
        .regex(/^[a-z0-9-]+$/, "must be lowercase letters, digits and dashes")
        .max(50),
      name: z.string().trim().min(1, "can't be blank"),
      shared_secret_key: z.string().optional(),
      app_version: z.object({
        display_version: z.string().trim().min(1, "can't be blank"),
        description: z.string(),
        status: z.string().trim().min(1, "can't be blank"),
        extendables: z.array(extendable),
        app_url: optionalUrl,
        helpdesk_url: optionalUrl,
        terms_url: optionalUrl,
        privacy_url: optionalUrl,
        base_url: optionalUrl,
        icon_url: optionalUrl,
        screenshots: z.array(z.unknown()).optional(),
        categories: z.array(z.unknown()).optional(),
        visibility: z.enum(["public", "beta", "unlisted"]).optional(),
        build_number: z.union([z.string(), z.number()]).optional(),
      }),
    }),
  }),
});

export type AppManifest = z.infer<typeof appManifestSchema>;
export type Extendable = AppManifest["data"]["app"]["app_version"]["extendables"][number];
