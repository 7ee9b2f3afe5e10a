import { once } from "node:events";
import { Writable } from "node:stream";
import pino from "pino";
import pretty from "pino-pretty";
import { expect, it } from "vitest";
import { loggerOptions, prettyOptions } from "../logger";

/** What `pnpm dev` prints (pino-pretty with the server's options), written to a string instead of the terminal. */
async function prettyOutput(write: (logger: pino.Logger) => void): Promise<string> {
  let output = "";
  const destination = new Writable({
    write(chunk, _encoding, done) {
      output += String(chunk);
      done();
    },
  });
  const stream = pretty({ ...prettyOptions(false), destination });
  write(pino(loggerOptions("info"), stream));
  // Ending the pretty stream ends the destination once every line has gone through.
  const finished = once(destination, "finish");
  stream.end();
  await finished;
  return output;
}

it("prints a request as one line in development: time, level, message, then its fields", async () => {
  const output = await prettyOutput((logger) => {
    logger.info(
      {
        reqId: "r-1",
        method: "GET",
        url: "/trpc/demo.list?input=[REDACTED]",
        statusCode: 200,
        responseTime: 3.2,
        remoteAddress: "127.0.0.1",
      },
      "request completed",
    );
    logger.info({ url: "http://localhost:3000" }, "ready");
  });
  const lines = output.trimEnd().split("\n");
  expect(lines).toHaveLength(2);
  expect(lines[0]).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: request completed \{"reqId":"r-1","method":"GET",.*"statusCode":200,.*\}$/);
  expect(lines[1]).toMatch(/INFO: ready \{"url":"http:\/\/localhost:3000"\}$/);
  expect(output).not.toMatch(/"pid"|"hostname"/);
});

it("still prints an error's stack below its line", async () => {
  const output = await prettyOutput((logger) => logger.error({ err: new Error("boom"), method: "POST" }, "request errored"));
  const lines = output.trimEnd().split("\n");
  expect(lines[0]).toMatch(/ERROR: request errored \{"method":"POST"\}$/);
  expect(output).toContain('"message": "boom"');
  expect(lines.some((line) => /^\s+at /.test(line))).toBe(true);
});
