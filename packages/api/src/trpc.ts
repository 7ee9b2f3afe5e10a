import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError, z } from "zod";
import type { Context } from "./context";
import { domainErrorToTrpc } from "./errors";
import { verifySession } from "./services/sessions";

/** The one tRPC instance of the kit. */
const t = initTRPC.context<Context>().create({
  transformer: superjson,
  // Stack traces never reach a client, in any environment.
  isDev: false,
  errorFormatter({ shape, error, ctx }) {
    const zodError = error.cause instanceof ZodError ? z.flattenError(error.cause) : null;
    const internal = error.code === "INTERNAL_SERVER_ERROR";
    return {
      ...shape,
      message: internal ? "Internal server error" : shape.message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        requestId: ctx?.requestId ?? null,
        fieldErrors: zodError?.fieldErrors ?? null,
        formErrors: zodError?.formErrors ?? null,
      },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;

/** Domain errors thrown by services become tRPC errors with the right code. */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  const mapped = result.ok ? null : domainErrorToTrpc(result.error.cause);
  if (mapped) throw mapped;
  return result;
});

/** Callable by anyone: no authentication. */
export const publicProcedure = t.procedure.use(domainErrors);

/**
 * Callable with an app session (`Authorization: Bearer <session token>`, from the embed exchange or the portal).
 * Narrows ctx to the session's user and partner: every partner-scoped query takes the partner from here, never input.
 */
export const partnerProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const session = await verifySession(ctx.db, ctx.bearerToken, ctx.clock());
  if (!session) throw new TRPCError({ code: "UNAUTHORIZED", message: "No valid session: sign in again" });
  return next({ ctx: { session, user: session.user, partner: session.partner } });
});
