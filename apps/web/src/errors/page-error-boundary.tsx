import { Button, Card, CardContent } from "@kit/ui";
import { Component, type ErrorInfo, type ReactNode } from "react";
import { useT } from "../i18n/use-t";
import { usePageHeading } from "../shell/page-title";

/**
 * A page's code that could not be fetched: Chromium, Firefox and Safari word it differently, and Vite's preload of the
 * page's CSS and shared chunks has its own. After a deploy, a page opened before it asks for files that are gone.
 */
export function isChunkLoadError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : "";
  return /dynamically imported module|Importing a module script failed|Unable to preload CSS/i.test(message);
}

/** What the operator sees instead of a blank frame: the page could not load, or it failed while showing. */
export function PageFailed({ error }: { error: unknown }) {
  const t = useT();
  const chunk = isChunkLoadError(error);
  const heading = usePageHeading(t(chunk ? "error.pageLoad.title" : "error.page.title"));
  return (
    <Card data-error-kind={chunk ? "page_load" : "page"}>
      <CardContent className="space-y-3 pt-5">
        <h1 {...heading} className="text-xl font-semibold outline-none">
          {t(chunk ? "error.pageLoad.title" : "error.page.title")}
        </h1>
        <p className="text-muted-foreground">{t(chunk ? "error.pageLoad.body" : "error.page.body")}</p>
        {/* A reload inside Peek Pro's frame keeps the page: the app gets its session again from Peek's token. */}
        <Button onClick={() => window.location.reload()}>{t("action.reload")}</Button>
      </CardContent>
    </Card>
  );
}

/**
 * Catches what a page throws while it loads or renders, so the shell (navigation included) stays and the page says what
 * happened. A new `resetKey` (the location) clears it: the operator can go elsewhere from the navigation.
 */
export class PageErrorBoundary extends Component<{ resetKey: string; children: ReactNode }, { error: unknown; at: string | null }> {
  override state = { error: null as unknown, at: null as string | null };

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  static getDerivedStateFromProps(props: { resetKey: string }, state: { error: unknown; at: string | null }) {
    if (state.error === null) return { at: props.resetKey };
    return state.at === props.resetKey ? null : { error: null, at: props.resetKey };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo) {
    console.error("page failed", error, info.componentStack);
  }

  override render() {
    return this.state.error === null ? this.props.children : <PageFailed error={this.state.error} />;
  }
}
