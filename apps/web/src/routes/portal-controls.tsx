import type { RouterOutputs } from "@kit/api";
import { Button, Card, CardContent, CardHeader, CardTitle } from "@kit/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { deviceLabel } from "./device-label";

type Me = RouterOutputs["partners"]["me"];

/** Portal-only settings: which partner to act for, where the user is signed in, and signing out. */
export function PortalControls({ me }: { me: Me }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const sessions = useQuery(trpc.partners.sessions.queryOptions());
  // Signed out: back to the sign-in page (a full load, so no cached data of the old session survives).
  const leave = { onSuccess: () => window.location.assign("/login") };
  const logout = useMutation(trpc.partners.logout.mutationOptions(leave));
  const logoutEverywhere = useMutation(trpc.partners.logoutEverywhere.mutationOptions(leave));
  const revoke = useMutation(trpc.partners.revokeSession.mutationOptions({ onSuccess: () => queryClient.invalidateQueries() }));
  const switchPartner = useMutation(trpc.partners.switchPartner.mutationOptions({ onSuccess: () => queryClient.invalidateQueries() }));

  return (
    <>
      {me.partners.length > 1 && (
        <Card>
          <CardHeader>
            <CardTitle>Partner</CardTitle>
          </CardHeader>
          <CardContent>
            <label className="sr-only" htmlFor="partner">
              Act for
            </label>
            <select
              id="partner"
              value={me.partner.id}
              onChange={(event) => switchPartner.mutate({ partnerId: event.target.value })}
              className="h-9 rounded-md border border-input bg-background px-2 text-sm"
            >
              {me.partners.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </CardContent>
        </Card>
      )}
      <Card>
        <CardHeader>
          <CardTitle>Where you are signed in</CardTitle>
        </CardHeader>
        <CardContent className="space-y-3">
          <ul className="divide-y divide-border text-sm">
            {sessions.data?.map((session) => (
              <li key={session.id} className="flex items-center justify-between gap-3 py-2">
                <span>
                  {session.kind === "embed" ? "Inside Peek Pro" : deviceLabel(session.userAgent)}
                  <span className="block text-muted-foreground">Last seen {session.lastSeenAt.toLocaleString()}</span>
                </span>
                {session.current ? (
                  <span className="whitespace-nowrap text-muted-foreground">This device</span>
                ) : (
                  <Button variant="outline" size="sm" onClick={() => revoke.mutate({ id: session.id })}>
                    Revoke
                  </Button>
                )}
              </li>
            ))}
          </ul>
          <div className="flex flex-wrap gap-2">
            <Button variant="outline" onClick={() => logout.mutate()}>
              Sign out
            </Button>
            <Button variant="destructive" onClick={() => logoutEverywhere.mutate()}>
              Sign out everywhere
            </Button>
          </div>
        </CardContent>
      </Card>
    </>
  );
}
