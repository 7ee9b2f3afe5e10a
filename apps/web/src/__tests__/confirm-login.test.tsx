import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ConfirmLoginPage } from "../pages/portal/confirm-login-page";
import { renderApp } from "./render-app";

/** A stand-in for the server's two sign-in procedures on loopback, recording what reaches it. */
const calls: { url: string; body: string }[] = [];
let linkValid = true;
let server: Server;
let baseUrl = "";
beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      calls.push({ url: req.url ?? "", body });
      const data = req.url?.includes("loginLinkInfo")
        ? linkValid
          ? { valid: true, email: "j***@example.com" }
          : { valid: false }
        : { redirectTo: "/settings" };
      res
        .writeHead(200, { "content-type": "application/json", "access-control-allow-origin": "*" })
        .end(JSON.stringify([{ result: { data: { json: data } } }]));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));
beforeEach(() => {
  calls.length = 0;
  linkValid = true;
});

const TOKEN = "A".repeat(43);
function renderAt(url: string) {
  window.history.replaceState(null, "", url);
  return renderApp(<ConfirmLoginPage />, { baseUrl, embedded: false });
}

describe("ConfirmLoginPage", () => {
  it("takes the token out of the address bar, asks who it signs in (in a POST body), and signs in only on click", async () => {
    await renderAt(`/login/confirm?token=${TOKEN}`);
    expect(window.location.search).toBe("");
    expect(await screen.findByText("Sign in as j***@example.com?")).toBeInTheDocument();
    expect(calls).toHaveLength(1);
    expect(calls[0]?.url).not.toContain(TOKEN);
    expect(calls[0]?.body).toContain(TOKEN);

    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
    await screen.findByText("Signing in…");
    expect(calls.map((c) => c.url.split("?")[0])).toEqual(["/trpc/partners.loginLinkInfo", "/trpc/partners.confirmLogin"]);
    expect(calls[1]?.body).toContain(TOKEN);
  });

  it("says clearly when a link cannot be used, and offers a new one", async () => {
    linkValid = false;
    await renderAt(`/login/confirm?token=${TOKEN}`);
    expect(await screen.findByText("This sign-in link cannot be used")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Ask for a new link" })).toHaveAttribute("href", "/login");
    expect(screen.queryByRole("button")).toBeNull();
  });

  it("shows the same without any token", async () => {
    await renderAt("/login/confirm");
    expect(await screen.findByText("This sign-in link cannot be used")).toBeInTheDocument();
    expect(calls).toHaveLength(0);
  });

  it("tells an unreachable server apart from a bad link: no verdict on the link, and Retry", async () => {
    window.history.replaceState(null, "", `/login/confirm?token=${TOKEN}`);
    await renderApp(<ConfirmLoginPage />, { baseUrl: "http://127.0.0.1:9", embedded: false });
    expect(await screen.findByText("Cannot reach the app")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Try again" })).toBeInTheDocument();
    expect(screen.queryByText("This sign-in link cannot be used")).toBeNull();
  });
});
