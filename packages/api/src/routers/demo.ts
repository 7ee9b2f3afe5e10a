import { router } from "../trpc";

/** The tenant-scoped demo CRUD; it arrives with the partner procedure. */
export const demoRouter = router({});
