import { useQuery } from "@tanstack/react-query";
import { describeError } from "../errors/describe-error";
import { useTRPC } from "../trpc";

/** Who is signed in, for which partner: the one query every page shell reads (cached; refreshed on focus). */
export function useMe() {
  const trpc = useTRPC();
  const me = useQuery({ ...trpc.partners.me.queryOptions(), staleTime: 60_000 });
  const signedOut = me.isError && describeError(me.error).kind === "unauthorized";
  return { ...me, signedOut };
}
