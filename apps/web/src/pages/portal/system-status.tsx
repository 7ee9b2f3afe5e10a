import type { RouterOutputs } from "@kit/api";
import type { MessageId } from "../../i18n/i18n";
import { useT } from "../../i18n/use-t";

type Status = RouterOutputs["health"]["status"];

const LABELS: Record<Status["ragStatus"], MessageId> = { green: "status.green", amber: "status.amber", red: "status.red" };
const DOT: Record<Status["ragStatus"], string> = { green: "bg-success", amber: "bg-warning", red: "bg-destructive" };

/** What the health probe reports, as a person reads it. */
export function SystemStatus({ status, error }: { status: Status | undefined; error: boolean }) {
  const t = useT();
  if (error) return <p role="status">{t("status.unavailable")}</p>;
  if (!status) return <p role="status">{t("status.checking")}</p>;
  return (
    <p role="status" data-rag={status.ragStatus} className="flex items-center gap-2 text-sm">
      <span className={`inline-block size-2.5 rounded-full ${DOT[status.ragStatus]}`} aria-hidden="true" />
      {/* The server's `publicMessage` is English only: the status is worded here, in the user's language. */}
      <span className="font-semibold">{t(LABELS[status.ragStatus])}</span>
    </p>
  );
}
