import { Alert, AlertTitle, Button, Card, CardContent, CardDescription, CardHeader, FieldError, Input, Label, RequiredMark } from "@kit/ui";
import { useLingui } from "@lingui/react";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useRef, useState } from "react";
import { useSearch } from "wouter";
import { describeError } from "../../errors/describe-error";
import { pickLocale } from "../../i18n/i18n";
import { useT } from "../../i18n/use-t";
import { usePageHeading } from "../../shell/page-title";
import { useTRPC } from "../../trpc";

/** Email sign-in: the answer is the same whether or not the address is known; the mail is in the user's language. */
export function LoginPage() {
  const t = useT();
  const trpc = useTRPC();
  const { i18n } = useLingui();
  const [email, setEmail] = useState("");
  const [invalid, setInvalid] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const heading = usePageHeading(t("login.title"));
  const request = useMutation(trpc.partners.requestLoginLink.mutationOptions());
  const returnTo = new URLSearchParams(useSearch()).get("returnTo") ?? undefined;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    // The same shape the server checks (an @ and no spaces); the server stays the judge.
    if (!/^[^\s@]+@[^\s@]+$/.test(email.trim())) {
      setInvalid(true);
      input.current?.focus();
      return;
    }
    setInvalid(false);
    request.mutate({ email, locale: pickLocale(i18n.locale), ...(returnTo ? { returnTo } : {}) });
  };
  const described = request.isError ? describeError(request.error) : null;
  const kind = described?.kind ?? null;
  return (
    <Card className="mx-auto max-w-md">
      <CardHeader>
        <h1 {...heading} className="text-xl font-semibold outline-none">
          {t("login.title")}
        </h1>
        <CardDescription>{t("login.body")}</CardDescription>
      </CardHeader>
      <CardContent>
        {request.isSuccess ? (
          <Alert variant="info">
            <AlertTitle>{t("login.sent.title")}</AlertTitle>
            {t("login.sent.body", { email })}
          </Alert>
        ) : (
          <form onSubmit={submit} noValidate className="space-y-3">
            <Label htmlFor="email">
              {t("login.email")}
              <RequiredMark label={t("form.requiredMark")} />
            </Label>
            <Input
              ref={input}
              id="email"
              type="email"
              autoComplete="email"
              aria-required
              aria-invalid={invalid || undefined}
              aria-describedby={invalid ? "email-error" : undefined}
              value={email}
              onChange={(event) => setEmail(event.target.value)}
            />
            {invalid && <FieldError id="email-error">{t("form.email")}</FieldError>}
            {kind && (
              <p role="alert" className="text-sm text-destructive">
                {kind === "rate_limited"
                  ? t("login.error.rateLimited")
                  : kind === "not_configured"
                    ? t("login.error.notConfigured")
                    : kind === "offline"
                      ? t("error.action.offline")
                      : t("error.action.server")}
                {kind === "server" && described?.requestId && (
                  <span className="block text-muted-foreground">
                    {t("error.requestId")} <code className="select-all">{described.requestId}</code>
                  </span>
                )}
              </p>
            )}
            <Button type="submit" disabled={request.isPending} className="w-full">
              {request.isPending ? t("login.sending") : t("login.submit")}
            </Button>
          </form>
        )}
      </CardContent>
    </Card>
  );
}
