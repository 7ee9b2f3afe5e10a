import { waivers } from "@kit/db";
import { BOOKING_ID, isCleanIdentifier, normalizeBookingId, parseWaiverWebhook, redactWaiverPayload } from "@kit/peek";
import { sql } from "drizzle-orm";
import type { StatementValues } from "../services/prepared";
import { truncate } from "../services/truncate";
import { batchedAcceptance, notStoredFor, payloadNode } from "./delivery-target";
import { refused, type WebhookDeps, type WebhookResult, type WebhookToken } from "./types";
import { userTokenRule } from "./user-token-rule";

/** What changes from one waiver to the next in {@link waiverInsert}, by name. */
type WaiverValue = "bookingId" | "templateId" | "signedAt" | "byGuardian" | "participantName" | "optinMarketing" | "optinSms";

/** The waiver's row, for the partner selected `from target`. */
const waiverInsert = (value: StatementValues<WaiverValue>) =>
  sql`insert into ${waivers} (partner_id, booking_id, template_id, signed_at, signed_by_guardian, participant_name, optin_marketing, optin_sms)
      select id, ${value("bookingId")}, ${value("templateId")}, ${value("signedAt")}::timestamptz, ${value("byGuardian")},
        ${value("participantName")}, ${value("optinMarketing")}, ${value("optinSms")}
      from target
      -- Rows in one order, so that batches on two instances never wait on each other in a cycle.
      order by id, ${value("bookingId")}, ${value("templateId")}, ${value("signedAt")}
      on conflict (partner_id, booking_id, template_id, signed_at) do nothing`;

/**
 * The waiver's row and the inbox row for the installation's partner: one statement, built once, for a batch of
 * deliveries. Two deliveries of one waiver (partner, booking, template, time) never run at once.
 */
const acceptWaiver = batchedAcceptance(
  "waiver",
  {
    bookingId: "text",
    templateId: "text",
    signedAt: "timestamptz",
    byGuardian: "boolean",
    participantName: "text",
    optinMarketing: "boolean",
    optinSms: "boolean",
  },
  waiverInsert,
  (waiver) => `${waiver.bookingId}\n${waiver.templateId}\n${waiver.signedAt}`,
);

/**
 * A signed waiver (`agreement_signature_created`, output format `waiver_webhook_data`), parsed with Peek's SDK and stored
 * for the installation's partner. A waiver has no id of its own: partner, booking, template and signing time identify
 * it, so a replay stores nothing twice. The participant's name is kept only with full customer access.
 */
export async function processWaiverDelivery(deps: WebhookDeps, token: WebhookToken, rawBody: unknown): Promise<WebhookResult> {
  const rule = userTokenRule("system", deps, token);
  if (!rule.ok) return rule;
  const node = payloadNode(rawBody, "waiver");
  const access = { fullCustomerAccess: deps.fullCustomerAccess };
  const waiver = node ? parseWaiverWebhook(rawBody, access) : null;
  // The SDK passes fields through as they came: a number where text belongs is no value.
  const bookingId = typeof waiver?.bookingId === "string" ? normalizeBookingId(waiver.bookingId) : "";
  const signedAt = typeof waiver?.signedAt === "string" && !Number.isNaN(Date.parse(waiver.signedAt)) ? new Date(waiver.signedAt) : null;
  const fields: Record<string, string[]> = {};
  if (!BOOKING_ID.test(bookingId)) fields["waiver.booking_id"] = ["must be a Peek booking id such as b_abc123"];
  if (!waiver || !isCleanIdentifier(waiver.templateId)) fields["waiver.agreement_template_id"] = ["is required"];
  if (!signedAt || signedAt.getUTCFullYear() < 1 || signedAt.getUTCFullYear() > 9999)
    fields["waiver.signed_at"] = ["must be a date and time"];
  if (!node || !waiver || !signedAt || Object.keys(fields).length > 0) {
    const invalid = node
      ? refused(400, `Invalid waiver webhook: ${Object.keys(fields).join(", ")}`, fields)
      : refused(400, "The body must be a JSON object, and its waiver an object");
    return (await notStoredFor(deps.db, token.installId)) ?? invalid;
  }
  const stored = await acceptWaiver(
    deps.db,
    { installId: token.installId, payload: redactWaiverPayload(rawBody, access), eventAt: token.issuedAt ?? deps.clock() },
    {
      bookingId,
      templateId: waiver.templateId,
      signedAt: signedAt.toISOString(),
      byGuardian: waiver.isSignedByGuardian,
      participantName: typeof waiver.guestName === "string" && waiver.guestName ? truncate(waiver.guestName, 200) : null,
      optinMarketing: waiver.isOptinMarketing,
      optinSms: waiver.isOptinSms,
    },
    deps.batchesInFlight,
  );
  return "partnerName" in stored ? { ok: true, message: `Partner ${stored.partnerName} received a waiver` } : stored;
}
