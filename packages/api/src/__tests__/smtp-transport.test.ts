import { createServer, type Server } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { smtpTransport } from "../mail/transports";

/** The smallest SMTP server nodemailer will talk to: it accepts one message at a time and keeps what it received. */
let server: Server;
let port = 0;
const received: { from: string; to: string[]; data: string }[] = [];

beforeAll(async () => {
  server = createServer((socket) => {
    let buffer = "";
    let inData = false;
    let message = { from: "", to: [] as string[], data: "" };
    socket.write("220 test ESMTP\r\n");
    socket.on("data", (chunk) => {
      buffer += chunk.toString("utf8");
      for (let end = buffer.indexOf("\r\n"); end !== -1; end = buffer.indexOf("\r\n")) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (inData) {
          if (line === ".") {
            inData = false;
            received.push(message);
            message = { from: "", to: [], data: "" };
            socket.write("250 queued\r\n");
          } else message.data += `${line}\n`;
        } else if (/^(EHLO|HELO)/i.test(line)) socket.write("250 test\r\n");
        else if (/^MAIL FROM:/i.test(line)) {
          message.from = line.slice(10).trim();
          socket.write("250 ok\r\n");
        } else if (/^RCPT TO:/i.test(line)) {
          message.to.push(line.slice(8).trim());
          socket.write("250 ok\r\n");
        } else if (/^DATA/i.test(line)) {
          inData = true;
          socket.write("354 go on\r\n");
        } else if (/^QUIT/i.test(line)) socket.end("221 bye\r\n");
        else socket.write("250 ok\r\n");
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

it("delivers through the SMTP server of SMTP_URL, from MAIL_FROM, loading nodemailer with the first message", async () => {
  const transport = smtpTransport({ url: `smtp://127.0.0.1:${port}`, from: "Kit <kit@example.com>" });
  await transport.send({ to: "jane@example.com", subject: "Your sign-in link", text: "Open it", html: "<p>Open it</p>" });
  await transport.send({ to: "joe@example.com", subject: "Again", text: "Again", html: "<p>Again</p>" });
  expect(received).toHaveLength(2);
  expect(received[0]).toMatchObject({ from: "<kit@example.com>", to: ["<jane@example.com>"] });
  expect(received[0]?.data).toContain("Subject: Your sign-in link");
  expect(received[1]?.to).toEqual(["<joe@example.com>"]);
});

it("fails the send (the job is retried) when the SMTP server is unreachable", async () => {
  const transport = smtpTransport({ url: "smtp://127.0.0.1:1", from: "kit@example.com" });
  await expect(transport.send({ to: "jane@example.com", subject: "s", text: "t", html: "<p>t</p>" })).rejects.toThrow();
});
