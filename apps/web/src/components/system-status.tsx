import type { RouterOutputs } from "@kit/api";

type Status = RouterOutputs["health"]["status"];

const labels: Record<Status["ragStatus"], string> = { green: "Operational", amber: "Degraded", red: "Disrupted" };

/** What the health probe reports, as a person reads it. */
export function SystemStatus({ status, error }: { status: Status | undefined; error: boolean }) {
  if (error) return <p role="status">Status unavailable: the server did not answer.</p>;
  if (!status) return <p role="status">Checking status…</p>;
  return (
    <p role="status" data-rag={status.ragStatus}>
      <span className={`dot dot-${status.ragStatus}`} aria-hidden="true" /> {labels[status.ragStatus]}: {status.publicMessage}
    </p>
  );
}
