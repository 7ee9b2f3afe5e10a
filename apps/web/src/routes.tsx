import { type ComponentType, lazy, type ReactNode, Suspense } from "react";
import { Redirect, Route, Switch, useLocation } from "wouter";
import { PageErrorBoundary } from "./errors/page-error-boundary";
import { SettingsPage } from "./pages/settings/settings-page";
import { PageSkeleton, RequireSession } from "./shell/require-session";

/** A page in its own chunk (the settings page, which Peek Pro opens, is in the first file). */
function page<M extends Record<string, unknown>>(load: () => Promise<M>, name: keyof M & string): ComponentType {
  return lazy(() => load().then((module) => ({ default: module[name] as ComponentType })));
}

const HomePage = page(() => import("./pages/portal/home-page"), "HomePage");
const LoginPage = page(() => import("./pages/portal/login-page"), "LoginPage");
const ConfirmLoginPage = page(() => import("./pages/portal/confirm-login-page"), "ConfirmLoginPage");
const BookingsPage = page(() => import("./pages/bookings/bookings-page"), "BookingsPage");
const BookingDetailPage = page(() => import("./pages/bookings/booking-detail-page"), "BookingDetailPage");
const demo = () => import("./pages/demo/demo-pages");
const DemoRecordsPage = page(demo, "DemoRecordsPage");
const NewRecordPage = page(demo, "NewRecordPage");
const RecordDetailPage = page(demo, "RecordDetailPage");
const EditRecordPage = page(demo, "EditRecordPage");
const ComponentsPage = page(() => import("./pages/demo/components-page"), "ComponentsPage");
const NotFoundPage = page(() => import("./pages/not-found-page"), "NotFoundPage");

const signedIn = (children: ReactNode) => <RequireSession>{children}</RequireSession>;

/**
 * Every page of the app. Pages with partner data need a session; the landing and sign-in do not. A page whose code
 * cannot be fetched, or that fails while rendering, says so under the navigation instead of blanking the app.
 */
export function AppRoutes() {
  const [location] = useLocation();
  return (
    <PageErrorBoundary resetKey={location}>
      <Suspense fallback={<PageSkeleton />}>
        <Switch>
          <Route path="/">
            <HomePage />
          </Route>
          <Route path="/login">
            <LoginPage />
          </Route>
          <Route path="/login/confirm">
            <ConfirmLoginPage />
          </Route>
          {/* Peek Pro POSTs to /peek-pro/settings and the server answers with the app: the same page, under Peek's path. */}
          <Route path="/peek-pro/settings">{signedIn(<SettingsPage />)}</Route>
          <Route path="/settings">{signedIn(<SettingsPage />)}</Route>
          <Route path="/bookings">{signedIn(<BookingsPage />)}</Route>
          <Route path="/bookings/:bookingId">{signedIn(<BookingDetailPage />)}</Route>
          <Route path="/demo">
            <Redirect to="/demo/records" replace />
          </Route>
          <Route path="/demo/records">{signedIn(<DemoRecordsPage />)}</Route>
          <Route path="/demo/records/new">{signedIn(<NewRecordPage />)}</Route>
          <Route path="/demo/records/:id">{signedIn(<RecordDetailPage />)}</Route>
          <Route path="/demo/records/:id/edit">{signedIn(<EditRecordPage />)}</Route>
          <Route path="/demo/components">{signedIn(<ComponentsPage />)}</Route>
          <Route>
            <NotFoundPage />
          </Route>
        </Switch>
      </Suspense>
    </PageErrorBoundary>
  );
}
