import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { lazy, Suspense } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Route, Switch, useLocation } from "wouter";
import { isChunkLoadError, PageErrorBoundary } from "../errors/page-error-boundary";
import { AppLink } from "../navigation/navigation";
import { renderApp } from "./render-app";

/** A page whose code cannot be fetched, as Chromium reports it (after a deploy, or offline). */
const Unfetchable = lazy(() => Promise.reject(new TypeError("Failed to fetch dynamically imported module: /assets/demo-pages-1a2b.js")));
function Broken(): never {
  throw new Error("rows is undefined");
}

/** The shell's navigation and the pages, as `AppRoutes` puts them. */
function Pages() {
  const [location] = useLocation();
  return (
    <>
      <nav>
        <AppLink to="/fine">Fine</AppLink>
      </nav>
      <PageErrorBoundary resetKey={location}>
        <Suspense fallback={<p>loading</p>}>
          <Switch>
            <Route path="/unfetchable">
              <Unfetchable />
            </Route>
            <Route path="/broken">
              <Broken />
            </Route>
            <Route path="/fine">
              <h1>Fine page</h1>
            </Route>
          </Switch>
        </Suspense>
      </PageErrorBoundary>
    </>
  );
}

describe("a page that fails", () => {
  beforeEach(() => {
    vi.spyOn(console, "error").mockImplementation(() => {}); // React's and the boundary's report of the caught error
  });
  afterEach(() => vi.restoreAllMocks());

  it("whose code cannot be fetched says so and offers Reload, which reloads", async () => {
    await renderApp(<Pages />, { path: "/unfetchable" });
    expect(await screen.findByRole("heading", { level: 1, name: "This page could not be loaded" })).toBeInTheDocument();
    expect(screen.getByText(/the app was updated since you opened it/)).toBeInTheDocument();
    const reload = vi.fn();
    vi.spyOn(window, "location", "get").mockReturnValue({ ...window.location, reload });
    await userEvent.click(screen.getByRole("button", { name: "Reload" }));
    expect(reload).toHaveBeenCalledOnce();
  });

  it("that throws while rendering keeps the navigation; another page clears it", async () => {
    await renderApp(<Pages />, { path: "/broken" });
    expect(await screen.findByRole("heading", { level: 1, name: "This page stopped working" })).toBeInTheDocument();
    expect(console.error).toHaveBeenCalledWith("page failed", expect.objectContaining({ message: "rows is undefined" }), expect.anything());
    await userEvent.click(screen.getByRole("link", { name: "Fine" }));
    expect(await screen.findByRole("heading", { level: 1, name: "Fine page" })).toBeInTheDocument();
    expect(screen.queryByText("This page stopped working")).not.toBeInTheDocument();
  });

  it("says it in the user's language", async () => {
    await renderApp(<Pages />, { path: "/unfetchable", locale: "es" });
    expect(await screen.findByRole("heading", { level: 1, name: "No se pudo cargar esta página" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Recargar" })).toBeInTheDocument();
  });
});

describe("isChunkLoadError", () => {
  it("knows each browser's words and Vite's, and nothing else", () => {
    expect(isChunkLoadError(new TypeError("Failed to fetch dynamically imported module: https://x/a.js"))).toBe(true);
    expect(isChunkLoadError(new TypeError("error loading dynamically imported module: https://x/a.js"))).toBe(true);
    expect(isChunkLoadError(new TypeError("Importing a module script failed."))).toBe(true);
    expect(isChunkLoadError(new Error("Unable to preload CSS for /assets/a.css"))).toBe(true);
    expect(isChunkLoadError(new TypeError("Failed to fetch"))).toBe(false);
    expect(isChunkLoadError("Failed to fetch dynamically imported module")).toBe(false);
  });
});
