import type { RouterOutputs } from "@kit/api";
import { Button, Card, CardContent, CardDescription, CardHeader, CardTitle, Input, NativeSelect, Skeleton, useToast } from "@kit/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import { actionErrorMessage, QueryError } from "../../errors/query-error";
import { ErrorSummary } from "../../forms/error-summary";
import { serverFieldIssues } from "../../forms/field-messages";
import { FormField } from "../../forms/form-field";
import { type FieldDescriptions, useFormIssues } from "../../forms/use-form-issues";
import type { MessageId } from "../../i18n/i18n";
import { useT } from "../../i18n/use-t";
import { useLeaveGuard } from "../../navigation/navigation";
import { useTRPC } from "../../trpc";

type Settings = RouterOutputs["partners"]["settings"]["settings"];
type Field = keyof Settings;

/**
 * The app's settings schema, as the form shows it (the server judges every value with the schema itself); the activity
 * log names a changed setting by the same label.
 */
export const SETTINGS_FIELDS: FieldDescriptions<Field> = {
  notificationEmail: { label: "partnerSettings.field.notificationEmail", kind: "email" },
  defaultBookingView: { label: "partnerSettings.field.defaultBookingView", kind: "choice", required: true },
};
export const BOOKING_VIEWS: Record<Settings["defaultBookingView"], MessageId> = {
  all: "partnerSettings.view.all",
  booked: "partnerSettings.view.booked",
  canceled: "partnerSettings.view.canceled",
};

/** The partner's settings: a form for its admins, the values for everyone else. */
export function PartnerSettingsForm() {
  const t = useT();
  const trpc = useTRPC();
  const toast = useToast();
  const queryClient = useQueryClient();
  const current = useQuery(trpc.partners.settings.queryOptions());
  const [email, setEmail] = useState("");
  const [view, setView] = useState<Settings["defaultBookingView"]>("all");
  const save = useMutation(
    trpc.partners.updateSettings.mutationOptions({
      onSuccess: async () => {
        toast(t("partnerSettings.saved"));
        await queryClient.invalidateQueries({ queryKey: trpc.partners.settings.queryKey() });
        await queryClient.invalidateQueries({ queryKey: trpc.partners.auditLog.queryKey() });
      },
      onError: (error) => {
        if (!serverFieldIssues(error)) toast(actionErrorMessage(error, t), "error");
      },
    }),
  );
  const form = useFormIssues(SETTINGS_FIELDS, serverFieldIssues(save.error));
  const loaded = current.data?.settings;
  useEffect(() => {
    if (!loaded) return;
    setEmail(loaded.notificationEmail ?? "");
    setView(loaded.defaultBookingView);
  }, [loaded]);
  // Unsaved changes ask before the page is left; saved (the values read back), they are clean again.
  const setDirty = useLeaveGuard();
  const dirty = !!loaded && (email !== (loaded.notificationEmail ?? "") || view !== loaded.defaultBookingView);
  useEffect(() => setDirty(dirty), [dirty, setDirty]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    form.reset();
    save.mutate({ notificationEmail: email.trim() === "" ? null : email.trim(), defaultBookingView: view });
  };
  const canEdit = current.data?.canEdit ?? false;
  return (
    <Card>
      <CardHeader>
        <CardTitle>{t("partnerSettings.title")}</CardTitle>
        <CardDescription>{canEdit ? t("partnerSettings.description") : t("partnerSettings.readOnly")}</CardDescription>
      </CardHeader>
      <CardContent>
        {current.isPending && (
          <div role="status" aria-busy="true" aria-label={t("partnerSettings.loading")} className="space-y-2">
            <Skeleton className="h-9 w-full" />
            <Skeleton className="h-9 w-1/2" />
          </div>
        )}
        {current.isError && <QueryError error={current.error} retry={() => void current.refetch()} what={t("partnerSettings.what")} />}
        {current.data && (
          <form onSubmit={submit} noValidate className="grid gap-4 sm:grid-cols-2" aria-label={t("partnerSettings.title")}>
            <ErrorSummary items={form.summary} />
            <FormField
              id="notificationEmail"
              label={t(SETTINGS_FIELDS.notificationEmail.label)}
              error={form.messageOf("notificationEmail")}
            >
              <Input
                type="email"
                autoComplete="email"
                value={email}
                disabled={!canEdit}
                onChange={(e) => {
                  setEmail(e.target.value);
                  form.clear("notificationEmail");
                }}
                {...form.controlProps("notificationEmail")}
              />
            </FormField>
            <FormField
              id="defaultBookingView"
              label={t(SETTINGS_FIELDS.defaultBookingView.label)}
              required
              error={form.messageOf("defaultBookingView")}
            >
              <NativeSelect
                value={view}
                disabled={!canEdit}
                onChange={(e) => setView(e.target.value as Settings["defaultBookingView"])}
                {...form.controlProps("defaultBookingView")}
              >
                {(Object.keys(BOOKING_VIEWS) as Settings["defaultBookingView"][]).map((value) => (
                  <option key={value} value={value}>
                    {t(BOOKING_VIEWS[value])}
                  </option>
                ))}
              </NativeSelect>
            </FormField>
            {canEdit && (
              <div className="sm:col-span-2">
                <Button type="submit" disabled={save.isPending}>
                  {save.isPending ? t("form.saving") : t("form.save")}
                </Button>
              </div>
            )}
          </form>
        )}
      </CardContent>
    </Card>
  );
}
