import { useQuery } from "@tanstack/react-query";
import { SystemStatus } from "../components/system-status";
import { useTRPC } from "../trpc";

export function HomePage() {
  const trpc = useTRPC();
  const status = useQuery(trpc.health.status.queryOptions());
  return (
    <div className="space-y-3">
      <h1 className="text-xl font-semibold">Peek App Kit</h1>
      <p className="text-muted-foreground">A starter kit for Peek Pro apps. Partners open it from Peek Pro, where it runs embedded.</p>
      <SystemStatus status={status.data} error={status.isError} />
    </div>
  );
}
