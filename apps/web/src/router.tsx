import { Button } from "@kit/ui";
import { createRootRoute, createRoute, createRouter, Link, lazyRouteComponent, Outlet } from "@tanstack/react-router";
import { SettingsPage } from "./routes/settings";

const navLink =
  "rounded-md px-2 py-1 text-sm text-muted-foreground hover:text-foreground [&.active]:font-semibold [&.active]:text-foreground";

const rootRoute = createRootRoute({
  component: () => (
    <div className="mx-auto max-w-3xl p-3 sm:p-6">
      <nav aria-label="Main" className="mb-4 flex flex-wrap gap-1 border-b border-border pb-2">
        <Link to="/settings" className={navLink}>
          Settings
        </Link>
        <Link to="/demo/records" className={navLink}>
          Demo
        </Link>
        <Link to="/demo/components" className={navLink}>
          Components
        </Link>
      </nav>
      <main>
        <Outlet />
      </main>
    </div>
  ),
  notFoundComponent: () => (
    <div className="space-y-2">
      <h1 className="text-lg font-semibold">Page not found</h1>
      <Link to="/settings" className="text-sm underline">
        Go to your settings
      </Link>
    </div>
  ),
  errorComponent: ({ reset }) => (
    <div role="alert" className="space-y-2">
      <h1 className="text-lg font-semibold">Something went wrong</h1>
      <Button variant="outline" onClick={reset}>
        Try again
      </Button>
    </div>
  ),
});

// The embedded settings page is what Peek Pro opens: it is in the first file, so it paints without a second round
// trip. Every other page is its own chunk.
const settings = SettingsPage;
const demo = (name: "DemoRecordsPage" | "NewRecordPage" | "EditRecordPage" | "RecordDetailPage") =>
  lazyRouteComponent(() => import("./routes/demo/pages"), name);
const getParentRoute = () => rootRoute;

const routeTree = rootRoute.addChildren([
  createRoute({ getParentRoute, path: "/", component: lazyRouteComponent(() => import("./routes/home"), "HomePage") }),
  createRoute({ getParentRoute, path: "/settings", component: settings }),
  // Peek Pro POSTs to this URL and the server answers with the SPA: the same page, under Peek's path.
  createRoute({ getParentRoute, path: "/peek-pro/settings", component: settings }),
  createRoute({ getParentRoute, path: "/login", component: lazyRouteComponent(() => import("./routes/login"), "LoginPage") }),
  createRoute({
    getParentRoute,
    path: "/login/confirm",
    component: lazyRouteComponent(() => import("./routes/confirm-login"), "ConfirmLoginPage"),
  }),
  createRoute({ getParentRoute, path: "/demo", component: demo("DemoRecordsPage") }),
  createRoute({ getParentRoute, path: "/demo/records", component: demo("DemoRecordsPage") }),
  createRoute({ getParentRoute, path: "/demo/records/new", component: demo("NewRecordPage") }),
  createRoute({ getParentRoute, path: "/demo/records/$id", component: demo("RecordDetailPage") }),
  createRoute({ getParentRoute, path: "/demo/records/$id/edit", component: demo("EditRecordPage") }),
  createRoute({
    getParentRoute,
    path: "/demo/components",
    component: lazyRouteComponent(() => import("./routes/demo/components"), "ComponentsPage"),
  }),
]);

export const router = createRouter({ routeTree, defaultPreload: "intent" });

declare module "@tanstack/react-router" {
  interface Register {
    router: typeof router;
  }
}
