import { Alert, AlertTitle, Button, Card, CardContent, CardDescription, CardHeader, Skeleton } from "@kit/ui";
import { useMutation } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { describeError } from "../../errors/describe-error";
import { QueryError } from "../../errors/query-error";
import { useT } from "../../i18n/use-t";
import { AppLink } from "../../navigation/navigation";
import { usePageHeading } from "../../shell/page-title";
import { useTRPC } from "../../trpc";

const tokenInUrl = () => new URL(window.location.href).searchParams.get("token") ?? "";

/** Takes the token out of the address bar, so it stays out of history and of any later Referer (idempotent). */
function removeTokenFromUrl(): void {
  const url = new URL(window.location.href);
  if (!url.searchParams.has("token")) return;
  url.searchParams.delete("token");
  window.history.replaceState(window.history.state, "", url.pathname + url.search);
}

/**
 * "Sign in as j***@example.com?": looking at the link does not use it up (mail scanners open links); only the button
 * does. Both calls are POSTs, so the token never lands in a logged URL.
 */
export function ConfirmLoginPage() {
  const t = useT();
  const trpc = useTRPC();
  // Read once (a pure read: React may call it twice); the address bar is cleaned right after the first render.
  const [token] = useState(tokenInUrl);
  const heading = usePageHeading(t("login.title"));
  useEffect(removeTokenFromUrl, []);
  const info = useMutation(trpc.partners.loginLinkInfo.mutationOptions());
  const confirm = useMutation(
    trpc.partners.confirmLogin.mutationOptions({
      // A full load: the new session's page starts from nothing cached.
      onSuccess: ({ redirectTo }) => window.location.assign(redirectTo),
    }),
  );
  const { mutate: inspect } = info;
  useEffect(() => {
    if (token) inspect({ token });
  }, [token, inspect]);

  // Only the server's word makes a link unusable: no answer, or a server failure, is a failure to check it (Retry).
  const failed = [info.error, confirm.error].find((error) => error && describeError(error).retryable) ?? null;
  const invalid = !failed && (!token || info.isError || (info.data && !info.data.valid) || confirm.isError);
  return (
    <Card className="mx-auto max-w-md">
      <CardHeader>
        <h1 {...heading} className="text-xl font-semibold outline-none">
          {t("login.title")}
        </h1>
        <CardDescription>{t("confirm.body")}</CardDescription>
      </CardHeader>
      <CardContent>
        {failed ? (
          <QueryError
            error={failed}
            what={t("confirm.what")}
            retry={() => (confirm.isError ? confirm.mutate({ token }) : inspect({ token }))}
          />
        ) : invalid ? (
          <Alert variant="destructive">
            <AlertTitle>{t("confirm.invalid.title")}</AlertTitle>
            {t("confirm.invalid.body")}{" "}
            <AppLink to="/login" className="underline underline-offset-4">
              {t("confirm.invalid.action")}
            </AppLink>
          </Alert>
        ) : info.data?.valid ? (
          <div className="space-y-3">
            <p>{t("confirm.question", { email: info.data.email })}</p>
            <Button onClick={() => confirm.mutate({ token })} disabled={confirm.isPending || confirm.isSuccess} className="w-full">
              {confirm.isPending || confirm.isSuccess ? t("confirm.signingIn") : t("confirm.action")}
            </Button>
          </div>
        ) : (
          <div role="status" aria-busy="true" aria-label={t("confirm.checking")}>
            <Skeleton className="h-9 w-full" />
          </div>
        )}
      </CardContent>
    </Card>
  );
}
