import { mintPeekToken } from "@kit/peek";
import { sql } from "drizzle-orm";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installationBody, postWebhook } from "./peek-fixtures";
import { APP_ORIGIN } from "./portal-fixtures";
import { recordingLogger, TEST_SECRETS, useTestApp } from "./test-app";

/**
 * Failing queries are logged by code and constraint, never with their parameters or Postgres's detail: a run in which
 * writes of an email and of a record's values fail leaves neither in the log.
 */
const log = recordingLogger();
const ctx = useTestApp(() => ({ logger: log.logger }));

const EMAIL = "secret.person@leak.example";
const VALUES = ["leak-name-7f3a", "private description 91c2", "3141.59"];

beforeAll(async () => {
  // Writes of these values fail inside Postgres, the way a constraint or an outage would, after the validators passed.
  await ctx.t.db.execute(sql`
    create or replace function kit_test_refuse() returns trigger language plpgsql as $$
    begin raise exception 'refused by test trigger' using errcode = '23514'; end $$`);
  await ctx.t.db.execute(sql`create trigger kit_test_refuse_users before insert on partner_users
    for each row when (new.email like '%@leak.example') execute function kit_test_refuse()`);
  await ctx.t.db.execute(sql`create trigger kit_test_refuse_records before insert on demo_records
    for each row when (new.name like 'leak-%') execute function kit_test_refuse()`);
});
afterAll(async () => {
  await ctx.t.db.execute(sql`drop trigger if exists kit_test_refuse_users on partner_users`);
  await ctx.t.db.execute(sql`drop trigger if exists kit_test_refuse_records on demo_records`);
  await ctx.t.db.execute(sql`drop function if exists kit_test_refuse()`);
});

describe("the log of failing queries", () => {
  it("holds no email and no value, only the error's code and the request id", async () => {
    await postWebhook(ctx.app, "/registry/api/on-installation-status-change", installationBody());
    const leaking = await mintPeekToken({
      installId: "install-123",
      secret: TEST_SECRETS.PEEK_APP_SECRET,
      user: { id: "u-9", email: EMAIL, name: "Secret" },
    });
    const landing = await ctx.app.inject({
      method: "POST",
      url: "/peek-pro/session",
      headers: { "content-type": "application/json" },
      payload: { "peek-auth": leaking },
    });
    expect(landing.statusCode).toBe(500);

    const fine = await mintPeekToken({
      installId: "install-123",
      secret: TEST_SECRETS.PEEK_APP_SECRET,
      user: { id: "u-1", email: "ok@example.com", name: "Ok" },
    });
    const session = (
      await ctx.app.inject({
        method: "POST",
        url: "/peek-pro/session",
        headers: { "content-type": "application/json" },
        payload: { "peek-auth": fine },
      })
    ).json().token;
    const record = { name: VALUES[0], description: VALUES[1], price: VALUES[2], status: "draft" };
    const created = await ctx.app.inject({
      method: "POST",
      url: "/trpc/demo.create",
      headers: { authorization: `Bearer ${session}`, "content-type": "application/json", origin: APP_ORIGIN },
      payload: JSON.stringify(superjson.serialize(record)),
    });
    expect(created.statusCode).toBe(500);

    const written = log.lines.join("\n");
    expect(written).toContain('"code":"23514"');
    expect(written).toContain(landing.json().error.requestId);
    for (const secret of [EMAIL, "secret.person", ...VALUES]) expect(written).not.toContain(secret);
  });
});
