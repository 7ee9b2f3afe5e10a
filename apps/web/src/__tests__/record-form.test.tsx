import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { TRPCClientError } from "@trpc/client";
import { describe, expect, it, vi } from "vitest";
import { RecordForm } from "../pages/demo/record-form";
import { NewRecordPage } from "../pages/demo/record-pages";
import { apiError, networkError, renderApp } from "./render-app";

describe("the record form", () => {
  it("marks required fields and, after a refused submit, sums up the errors in words and focuses the first field", async () => {
    const onSubmit = vi.fn();
    await renderApp(<RecordForm saving={false} onSubmit={onSubmit} />);
    expect(screen.getByLabelText(/^Name/)).toHaveAttribute("aria-required", "true");
    expect(screen.getByText("Fields marked * are required.")).toBeInTheDocument();

    await userEvent.type(screen.getByLabelText("Count"), "seven");
    await userEvent.type(screen.getByLabelText("Price"), "12.505");
    await userEvent.click(screen.getByRole("button", { name: "Save" }));

    expect(onSubmit).not.toHaveBeenCalled();
    const summary = screen.getByRole("alert");
    expect(within(summary).getByText("Fix 3 fields to save")).toBeInTheDocument();
    expect(within(summary).getByText("Name: Fill this in.")).toBeInTheDocument();
    expect(within(summary).getByText("Count: Enter a number.")).toBeInTheDocument();
    expect(within(summary).getByText("Price: Enter an amount such as 12.50 (up to two decimals).")).toBeInTheDocument();
    // Never zod's own text.
    expect(document.body.textContent).not.toMatch(/Invalid input|expected number|received/);
    const name = screen.getByLabelText(/^Name/);
    await waitFor(() => expect(name).toHaveFocus());
    expect(name).toHaveAttribute("aria-invalid", "true");
    expect(name).toHaveAccessibleDescription("Fill this in.");

    // Fixing a field clears its message; the summary's links move focus to their field.
    await userEvent.type(name, "Kayak");
    expect(screen.getByText("Fix 2 fields to save")).toBeInTheDocument();
    await userEvent.click(screen.getByText("Count: Enter a number."));
    expect(screen.getByLabelText("Count")).toHaveFocus();
  });

  it("words errors in Spanish for a Spanish user, and reads a decimal comma", async () => {
    const onSubmit = vi.fn();
    await renderApp(<RecordForm saving={false} onSubmit={onSubmit} />, { locale: "es" });
    await userEvent.type(screen.getByLabelText("Cantidad"), "2.5");
    await userEvent.click(screen.getByRole("button", { name: "Guardar" }));
    expect(screen.getByText("Corrige 2 campos para guardar")).toBeInTheDocument();
    expect(screen.getByText("Cantidad: Escribe un número entero.")).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText(/^Nombre/), "Kayak");
    await userEvent.clear(screen.getByLabelText("Cantidad"));
    await userEvent.type(screen.getByLabelText("Precio"), "12,5");
    await userEvent.click(screen.getByRole("button", { name: "Guardar" }));
    expect(onSubmit).toHaveBeenCalledWith(expect.objectContaining({ name: "Kayak", price: "12.5" }));
  });

  it("refuses numbers written with thousands separators (never saves 1,000 as 1), and still reads a decimal comma", async () => {
    const onSubmit = vi.fn();
    await renderApp(<RecordForm saving={false} onSubmit={onSubmit} />);
    await userEvent.type(screen.getByLabelText(/^Name/), "Kayak");
    await userEvent.type(screen.getByLabelText("Count"), "1,000");
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(onSubmit).not.toHaveBeenCalled();
    expect(
      within(screen.getByRole("alert")).getByText("Count: Enter the number without thousands separators, such as 1000."),
    ).toBeInTheDocument();
    await waitFor(() => expect(screen.getByLabelText("Count")).toHaveFocus());

    await userEvent.type(screen.getByLabelText("Rating"), "1,000,000.5");
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(
      within(screen.getByRole("alert")).getByText("Rating: Enter the number without thousands separators, such as 1000."),
    ).toBeInTheDocument();
    expect(onSubmit).not.toHaveBeenCalled();

    await userEvent.clear(screen.getByLabelText("Count"));
    await userEvent.type(screen.getByLabelText("Count"), "1000");
    await userEvent.clear(screen.getByLabelText("Rating"));
    await userEvent.type(screen.getByLabelText("Rating"), "2,5");
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(onSubmit).toHaveBeenCalledWith(expect.objectContaining({ count: 1000, rating: 2.5 }));
  });

  it("in Spanish refuses 1.000 too (a thousand in Spain, one in Mexico) and words bounds with Spanish digits", async () => {
    const onSubmit = vi.fn();
    await renderApp(<RecordForm saving={false} onSubmit={onSubmit} />, { locale: "es" });
    await userEvent.type(screen.getByLabelText(/^Nombre/), "Kayak");
    await userEvent.type(screen.getByLabelText("Cantidad"), "1.000");
    await userEvent.type(screen.getByLabelText("Valoración"), "2000000000");
    await userEvent.click(screen.getByRole("button", { name: "Guardar" }));
    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByText("Cantidad: Escribe el número sin separadores de miles, por ejemplo 1000.")).toBeInTheDocument();
    expect(screen.getByText("Valoración: Escribe 1.000.000.000 o menos.")).toBeInTheDocument();
  });

  it("puts the server's refusal on its field (a name already taken), with the summary and focus", async () => {
    const taken = TRPCClientError.from({
      error: {
        message: "name has already been taken",
        code: -32000,
        data: { code: "CONFLICT", httpStatus: 409, fieldIssues: { name: [{ code: "taken" }] } },
      },
    });
    await renderApp(<NewRecordPage />, {
      handlers: {
        "demo.create": () => {
          throw taken;
        },
      },
    });
    await userEvent.type(screen.getByLabelText(/^Name/), "Kayak at dawn");
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText("Name: This is already used by another record.")).toBeInTheDocument();
    await waitFor(() => expect(screen.getByLabelText(/^Name/)).toHaveFocus());
  });

  it("keeps the input and says the app could not be reached when the save fails offline", async () => {
    await renderApp(<NewRecordPage />, {
      handlers: {
        "demo.create": () => {
          throw networkError();
        },
      },
    });
    await userEvent.type(screen.getByLabelText(/^Name/), "Kayak at dawn");
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText(/The app could not be reached. Nothing was lost/)).toBeInTheDocument();
    expect(screen.getByLabelText(/^Name/)).toHaveValue("Kayak at dawn");
  });

  it.each([
    [
      "UNAUTHORIZED",
      401,
      "Your session has ended, so this was not done. Sign in again, or open the app again from Peek Pro, and try again.",
    ],
    ["FORBIDDEN", 403, "You do not have permission to do that. Ask an administrator of your Peek account for access."],
    ["TOO_MANY_REQUESTS", 429, "Too many requests in a short time. Wait a moment and try again."],
  ] as const)("says why a save failed with %s (not 'That did not work'), keeping the input", async (code, status, message) => {
    await renderApp(<NewRecordPage />, {
      handlers: {
        "demo.create": () => {
          throw apiError(code, status);
        },
      },
    });
    await userEvent.type(screen.getByLabelText(/^Name/), "Kayak");
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(message);
    expect(screen.queryByText("That did not work. Try again.")).toBeNull();
    expect(screen.getByLabelText(/^Name/)).toHaveValue("Kayak");
  });

  it("says the session ended in Spanish too", async () => {
    await renderApp(<NewRecordPage />, {
      locale: "es",
      handlers: {
        "demo.create": () => {
          throw apiError("UNAUTHORIZED", 401);
        },
      },
    });
    await userEvent.type(screen.getByLabelText(/^Nombre/), "Kayak");
    await userEvent.click(screen.getByRole("button", { name: "Guardar" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Tu sesión ha terminado");
  });

  it("says a server failure is one (not a field problem)", async () => {
    await renderApp(<NewRecordPage />, {
      handlers: {
        "demo.create": () => {
          throw apiError("INTERNAL_SERVER_ERROR", 500);
        },
      },
    });
    await userEvent.type(screen.getByLabelText(/^Name/), "Kayak");
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText("The app failed to do that. Try again in a moment.")).toBeInTheDocument();
  });
});
