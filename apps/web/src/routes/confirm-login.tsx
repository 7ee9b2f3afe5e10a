import { Alert, AlertTitle, Button, Card, CardContent, CardDescription, CardHeader, CardTitle, Skeleton } from "@kit/ui";
import { useMutation } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTRPC } from "../trpc";

/** Takes the token out of the address bar at once, so it stays out of history and of any later Referer. */
function takeTokenFromUrl(): string {
  const url = new URL(window.location.href);
  const token = url.searchParams.get("token") ?? "";
  if (token) {
    url.searchParams.delete("token");
    window.history.replaceState(window.history.state, "", url.pathname + url.search);
  }
  return token;
}

/**
 * "Sign in as j***@example.com?": looking at the link does not use it up (mail scanners open links); only the button
 * does. Both calls are POSTs, so the token never lands in a logged URL.
 */
export function ConfirmLoginPage() {
  const trpc = useTRPC();
  const [token] = useState(takeTokenFromUrl);
  const info = useMutation(trpc.partners.loginLinkInfo.mutationOptions());
  const confirm = useMutation(
    trpc.partners.confirmLogin.mutationOptions({
      onSuccess: ({ redirectTo }) => window.location.assign(redirectTo),
    }),
  );
  const { mutate: inspect } = info;
  useEffect(() => {
    if (token) inspect({ token });
  }, [token, inspect]);

  const invalid = !token || info.isError || (info.data && !info.data.valid) || confirm.isError;
  return (
    <Card className="mx-auto max-w-md">
      <CardHeader>
        <CardTitle>Sign in</CardTitle>
        <CardDescription>Confirm to open your settings.</CardDescription>
      </CardHeader>
      <CardContent>
        {invalid ? (
          <Alert variant="destructive">
            <AlertTitle>This sign-in link cannot be used</AlertTitle>
            It is invalid, has expired or was already used.{" "}
            <a href="/login" className="underline">
              Ask for a new link
            </a>
            .
          </Alert>
        ) : info.data?.valid ? (
          <div className="space-y-3">
            <p>Sign in as {info.data.email}?</p>
            <Button onClick={() => confirm.mutate({ token })} disabled={confirm.isPending || confirm.isSuccess} className="w-full">
              {confirm.isPending || confirm.isSuccess ? "Signing in…" : "Sign in"}
            </Button>
          </div>
        ) : (
          <div role="status" aria-busy="true" aria-label="Checking the link">
            <Skeleton className="h-9 w-full" />
          </div>
        )}
      </CardContent>
    </Card>
  );
}
