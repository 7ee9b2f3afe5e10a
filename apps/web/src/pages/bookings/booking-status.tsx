import { Badge } from "@kit/ui";
import type { MessageId } from "../../i18n/i18n";
import { useT } from "../../i18n/use-t";

type Variant = "default" | "success" | "warning" | "danger";

/** A booking's state as one label: canceled, no-show, checked in or booked. */
export function bookingStatusOf(booking: { status: "booked" | "canceled"; checkedIn: boolean; noShow?: boolean }): {
  label: MessageId;
  variant: Variant;
} {
  if (booking.status === "canceled") return { label: "booking.status.canceled", variant: "danger" };
  if (booking.noShow) return { label: "booking.status.noShow", variant: "warning" };
  if (booking.checkedIn) return { label: "booking.status.checkedIn", variant: "success" };
  return { label: "booking.status.booked", variant: "default" };
}

export function BookingStatusBadge({ booking }: { booking: Parameters<typeof bookingStatusOf>[0] }) {
  const t = useT();
  const { label, variant } = bookingStatusOf(booking);
  return <Badge variant={variant}>{t(label)}</Badge>;
}
