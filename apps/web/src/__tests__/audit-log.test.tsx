import { screen } from "@testing-library/react";
import { expect, it } from "vitest";
import { AuditLog } from "../pages/settings/audit-log";
import { renderApp } from "./render-app";

const settingsUpdate = {
  id: "a1",
  actorUserId: "u1",
  actorName: "Ana",
  action: "settings.update",
  subject: null,
  before: { notificationEmail: null, defaultBookingView: "all", legacyDigest: "weekly" },
  after: { notificationEmail: "ops@example.com", defaultBookingView: "booked", legacyDigest: "daily" },
  at: new Date(),
};

it("names each changed setting and its values as the settings form does, in the reader's language (Spanish)", async () => {
  await renderApp(<AuditLog />, { locale: "es", handlers: { "partners.auditLog": () => [settingsUpdate] } });
  expect(await screen.findByText("Cambió los ajustes")).toBeInTheDocument();
  const change = screen.getByText(/La página de reservas abre en/);
  expect(change).toHaveTextContent(
    // A setting the form does not know (an older schema's) keeps its stored key.
    "Correo para avisos: — → ops@example.com; La página de reservas abre en: Todas las reservas → Reservadas; legacyDigest: weekly → daily",
  );
  expect(change).not.toHaveTextContent(/defaultBookingView|notificationEmail|booked/);
});

it("in English too", async () => {
  await renderApp(<AuditLog />, { handlers: { "partners.auditLog": () => [settingsUpdate] } });
  expect(await screen.findByText(/Bookings page opens on: All bookings → Booked/)).toHaveTextContent(
    "Notification email: — → ops@example.com; Bookings page opens on: All bookings → Booked; legacyDigest: weekly → daily",
  );
});
