import { type Command, type CommandIo, parse, UsageError } from "../cli-args";
import { buildEmulatorServer } from "../emulator/server";
import { emulatorFor } from "../kit-env";

const USAGE = `kit peek [serve]                      run the emulated Peek Pro back-office (default http://127.0.0.1:4001)
kit peek install --account <name> [--platform peek|cng|acme] [--test] [--user-name <n>] [--user-email <e>] [--locale <l>]
kit peek uninstall <install>
kit peek reinstall <install>          the account of an uninstalled installation installs the app again (a new id)
kit peek booking <install> [--event booking_created|booking_updated|booking_canceled] [--booking-id <id>] [--fields '<json>']
kit peek waiver <install> --booking <id>   a guest signs a waiver for the booking (agreement_signature_created)
kit peek event <install> --event <event>   any other subscribed event, with its webhook kind's sample payload
kit peek token <install> [--widget]   a Peek user token (or a widget access token) for the installation
kit peek list                         the emulated installations`;

export const peekCommand: Command = {
  name: "peek",
  summary: "the local Peek Pro emulator: install, open, book, uninstall, reinstall — no account, no network",
  usage: USAGE,
  async run(argv, io) {
    const [sub = "serve", ...rest] = argv[0]?.startsWith("-") ? ["serve", ...argv] : argv;
    const { emulator, config, emulatorOrigin } = emulatorFor(io);
    switch (sub) {
      case "serve":
        return serve(rest, io, { emulator, config, emulatorOrigin });
      case "install": {
        const { values } = parse(rest, {
          account: { type: "string" },
          platform: { type: "string" },
          test: { type: "boolean" },
          "user-name": { type: "string" },
          "user-email": { type: "string" },
          locale: { type: "string" },
        });
        if (!values.account) throw new UsageError("--account is required");
        const platform = values.platform ?? "peek";
        if (platform !== "peek" && platform !== "cng" && platform !== "acme") throw new UsageError("--platform is peek, cng or acme");
        const installation = await emulator.install({
          account: values.account,
          platform,
          test: values.test ?? false,
          ...(values["user-name"] ? { userName: values["user-name"] } : {}),
          ...(values["user-email"] ? { userEmail: values["user-email"] } : {}),
          ...(values.locale ? { locale: values.locale } : {}),
        });
        io.out(`installed ${installation.account.name}: ${installation.installId} (user ${installation.user.email})`);
        io.out(installation.installId);
        return 0;
      }
      case "uninstall": {
        const { positionals } = parse(rest, {});
        const id = required(positionals[0], "an installation id");
        await emulator.uninstall(id);
        io.out(`uninstalled ${id}`);
        return 0;
      }
      case "reinstall": {
        const { positionals } = parse(rest, {});
        const installation = await emulator.reinstall(required(positionals[0], "an installation id"));
        io.out(`reinstalled ${installation.account.name}: ${installation.installId} (user ${installation.user.email})`);
        io.out(installation.installId);
        return 0;
      }
      case "booking": {
        const { values, positionals } = parse(rest, {
          event: { type: "string" },
          "booking-id": { type: "string" },
          fields: { type: "string" },
        });
        const id = required(positionals[0], "an installation id");
        let fields: Record<string, unknown> | undefined;
        if (values.fields) {
          try {
            fields = JSON.parse(values.fields) as Record<string, unknown>;
          } catch {
            throw new UsageError("--fields must be a JSON object");
          }
        }
        const sent = await emulator.booking(id, {
          ...(values.event ? { event: values.event } : {}),
          ...(values["booking-id"] ? { bookingId: values["booking-id"] } : {}),
          ...(fields ? { fields } : {}),
        });
        io.out(`${sent.status} ${sent.body}`);
        io.out(sent.bookingId);
        return 0;
      }
      case "waiver": {
        const { values, positionals } = parse(rest, { booking: { type: "string" } });
        const id = required(positionals[0], "an installation id");
        const sent = await emulator.waiver(id, { bookingId: required(values.booking, "--booking <id>") });
        io.out(`${sent.status} ${sent.body}`);
        return 0;
      }
      case "event": {
        const { values, positionals } = parse(rest, { event: { type: "string" } });
        const id = required(positionals[0], "an installation id");
        const sent = await emulator.event(id, required(values.event, "--event <event>"));
        io.out(`${sent.status} ${sent.body}`);
        return 0;
      }
      case "token": {
        const { values, positionals } = parse(rest, { widget: { type: "boolean" } });
        const id = required(positionals[0], "an installation id");
        io.out(values.widget ? await emulator.widgetToken(id) : await emulator.userToken(id));
        return 0;
      }
      case "list": {
        parse(rest, {});
        const installations = emulator.state.installations();
        if (installations.length === 0) io.out("no emulated installations yet: kit peek install --account 'Acme Tours'");
        for (const i of installations)
          io.out(`${i.installId}  ${i.status.padEnd(11)} ${i.account.platform.padEnd(4)} ${i.account.name}  <${i.user.email}>`);
        return 0;
      }
      default:
        throw new UsageError(`unknown command: kit peek ${sub}`);
    }
  },
};

function required(value: string | undefined, what: string): string {
  if (!value) throw new UsageError(`${what} is required`);
  return value;
}

async function serve(
  argv: string[],
  io: CommandIo,
  context: Pick<ReturnType<typeof emulatorFor>, "emulator" | "config" | "emulatorOrigin">,
): Promise<number> {
  parse(argv, {}, false);
  const origin = new URL(context.emulatorOrigin);
  const server = await buildEmulatorServer({
    emulator: context.emulator,
    appUrl: context.config.appUrl,
    emulatorOrigin: context.emulatorOrigin,
    appId: context.config.peek.appId,
    appSecret: context.config.peek.appSecret,
    appName: context.config.appName,
  });
  await server.listen({ host: origin.hostname, port: Number(origin.port || 80) });
  io.out(`Peek Pro emulator: ${context.emulatorOrigin} (the app: ${context.config.appUrl})`);
  await new Promise<void>((resolve) => {
    // Ctrl-C may arrive twice (the terminal's, and pnpm's forward): keep listening, close once.
    let closing = false;
    const stop = () => {
      if (closing) return;
      closing = true;
      void server.close().then(() => resolve());
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  return 0;
}
