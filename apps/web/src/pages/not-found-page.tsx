import { Button } from "@kit/ui";
import { useT } from "../i18n/use-t";
import { AppLink } from "../navigation/navigation";
import { PageHeader } from "../shell/page-header";

export function NotFoundPage() {
  const t = useT();
  return (
    <div>
      <PageHeader title={t("notFound.title")} description={t("notFound.body")} />
      <Button asChild>
        <AppLink to="/settings">{t("notFound.action")}</AppLink>
      </Button>
    </div>
  );
}
