import { useQuery } from "@tanstack/react-query";
import { SystemStatus } from "./components/system-status";
import { useTRPC } from "./trpc";

export function App() {
  const trpc = useTRPC();
  const status = useQuery(trpc.health.status.queryOptions());
  return (
    <main className="shell">
      <h1>Peek App Kit</h1>
      <p>A starter kit for Peek Pro apps: the embedded settings page, the partner portal and webhooks arrive here.</p>
      <SystemStatus status={status.data} error={status.isError} />
    </main>
  );
}
