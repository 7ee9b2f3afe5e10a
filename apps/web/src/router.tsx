import { createRootRoute, createRoute, createRouter, lazyRouteComponent, Outlet } from "@tanstack/react-router";

const rootRoute = createRootRoute({
  component: () => (
    <main className="mx-auto max-w-3xl p-4 sm:p-6">
      <Outlet />
    </main>
  ),
});

// Each page is its own chunk: the embedded settings page loads only what it needs.
const settings = lazyRouteComponent(() => import("./routes/settings"), "SettingsPage");

const routeTree = rootRoute.addChildren([
  createRoute({ getParentRoute: () => rootRoute, path: "/", component: lazyRouteComponent(() => import("./routes/home"), "HomePage") }),
  createRoute({ getParentRoute: () => rootRoute, path: "/settings", component: settings }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: "/login",
    component: lazyRouteComponent(() => import("./routes/login"), "LoginPage"),
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: "/login/confirm",
    component: lazyRouteComponent(() => import("./routes/confirm-login"), "ConfirmLoginPage"),
  }),
  // Peek Pro POSTs to this URL and the server answers with the SPA: the same page, under Peek's path.
  createRoute({ getParentRoute: () => rootRoute, path: "/peek-pro/settings", component: settings }),
]);

export const router = createRouter({ routeTree, defaultPreload: "intent" });

declare module "@tanstack/react-router" {
  interface Register {
    router: typeof router;
  }
}
