import { useQuery } from "@tanstack/react-query";
import { useEffect } from "react";
import { describeError } from "../errors/describe-error";
import { useTRPC } from "../trpc";
import { shownPartner } from "./shown-partner";

/** Who is signed in, for which partner: the one query every page shell reads (cached; refreshed on focus). */
export function useMe() {
  const trpc = useTRPC();
  const me = useQuery({ ...trpc.partners.me.queryOptions(), staleTime: 60_000 });
  const signedOut = me.isError && describeError(me.error).kind === "unauthorized";
  // The partner the page shows from now on: its calls say so (see `shown-partner.ts`).
  const partnerId = me.data?.partner.id ?? null;
  useEffect(() => {
    if (partnerId) shownPartner.set(partnerId);
  }, [partnerId]);
  return { ...me, signedOut };
}
