import { beforeEach, describe, expect, it } from "vitest";
import { fieldMessage } from "../forms/field-messages";
import { activateLocale, translate } from "../i18n/i18n";

describe("field messages", () => {
  beforeEach(() => activateLocale("en"));

  it("write bounds as numbers of the user's language (1,000,000,000; 1.000.000.000)", async () => {
    expect(fieldMessage({ code: "too_big", maximum: 1e9, origin: "number" }, "number", translate)).toBe("Enter 1,000,000,000 or less.");
    expect(fieldMessage({ code: "too_small", minimum: -2_147_483_648, origin: "number" }, "integer", translate)).toBe(
      "Enter -2,147,483,648 or more.",
    );
    expect(fieldMessage({ code: "too_small", minimum: 0.0005, origin: "number" }, "number", translate)).toBe("Enter 0.0005 or more.");
    expect(fieldMessage({ code: "too_big", maximum: 10_000, origin: "string" }, "text", translate)).toBe("Use at most 10,000 characters.");

    await activateLocale("es");
    expect(fieldMessage({ code: "too_big", maximum: 1e9, origin: "number" }, "number", translate)).toBe("Escribe 1.000.000.000 o menos.");
    expect(fieldMessage({ code: "too_small", minimum: 0.5, origin: "number" }, "number", translate)).toBe("Escribe 0,5 o más.");
    expect(fieldMessage({ code: "too_big", maximum: 10_000, origin: "string" }, "text", translate)).toBe(
      "Usa como máximo 10.000 caracteres.",
    );
  });
});
