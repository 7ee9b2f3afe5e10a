import { router } from "../trpc";

/** Partner and partner-user procedures; they arrive with the authenticated procedure builders. */
export const partnersRouter = router({});
