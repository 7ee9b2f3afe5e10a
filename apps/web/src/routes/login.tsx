import { Alert, AlertTitle, Button, Card, CardContent, CardDescription, CardHeader, CardTitle } from "@kit/ui";
import { useMutation } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { type FormEvent, useState } from "react";
import { useTRPC } from "../trpc";

/** Email sign-in: the answer is the same whether or not the address is known. */
export function LoginPage() {
  const trpc = useTRPC();
  const [email, setEmail] = useState("");
  const request = useMutation(trpc.partners.requestLoginLink.mutationOptions());
  const returnTo = new URLSearchParams(window.location.search).get("returnTo") ?? undefined;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    request.mutate({ email, ...(returnTo ? { returnTo } : {}) });
  };
  const limited = request.error instanceof TRPCClientError && request.error.data?.code === "TOO_MANY_REQUESTS";
  return (
    <Card className="mx-auto max-w-md">
      <CardHeader>
        <CardTitle>Sign in</CardTitle>
        <CardDescription>We will email you a link to sign in. No password needed.</CardDescription>
      </CardHeader>
      <CardContent>
        {request.isSuccess ? (
          <Alert variant="info">
            <AlertTitle>Check your email</AlertTitle>
            If {email} belongs to a user of this app, a sign-in link is on its way. It works once, for 15 minutes.
          </Alert>
        ) : (
          <form onSubmit={submit} className="space-y-3">
            <label className="block text-sm font-medium" htmlFor="email">
              Email
            </label>
            <input
              id="email"
              type="email"
              required
              autoComplete="email"
              value={email}
              onChange={(event) => setEmail(event.target.value)}
              className="h-9 w-full rounded-md border border-input bg-background px-3 text-sm focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
            />
            {request.isError && (
              <p role="alert" className="text-sm text-destructive">
                {limited ? "Too many sign-in requests. Wait a few minutes and try again." : "Something went wrong. Try again."}
              </p>
            )}
            <Button type="submit" disabled={request.isPending} className="w-full">
              {request.isPending ? "Sending…" : "Email me a sign-in link"}
            </Button>
          </form>
        )}
      </CardContent>
    </Card>
  );
}
