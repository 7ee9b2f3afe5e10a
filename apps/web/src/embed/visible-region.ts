import type { HostBridge } from "./host-bridge";

/** Without a host that reports it, the visible part of the frame is guessed around the last thing the user touched. */
const GUESSED_HEIGHT = 560;
/**
 * Open overlays, which are placed from the region: a press or focus inside one (a dialog's button, Radix's auto-focus,
 * Tab) must not move it, or the dialog jumps away under the pointer and the click misses.
 */
const OVERLAYS = "[role=dialog], [role=alertdialog], .kit-dialog, .kit-toaster, [data-radix-popper-content-wrapper]";

/**
 * Where overlays (toasts, dialogs, the leave-page question) open inside a frame that grows to its content, where
 * "fixed to the viewport" means "at the bottom of a 2 000 px frame": the visible region the host reports (the emulator
 * does), or a region around the user's last action. Published as CSS variables that the UI package's overlays read
 * (`--kit-visible-top`, `--kit-visible-height`) under `html[data-embedded]`. Returns the function that stops it.
 */
export function trackVisibleRegion(doc: Document, host: HostBridge | null): () => void {
  if (!host) return () => {};
  const root = doc.documentElement;
  root.dataset.embedded = "true";
  const set = (top: number, height: number) => {
    root.style.setProperty("--kit-visible-top", `${Math.max(0, Math.round(top))}px`);
    root.style.setProperty("--kit-visible-height", `${Math.max(120, Math.round(height))}px`);
  };
  let reported = false;
  const stopHost = host.onVisibleRegion(({ top, height }) => {
    reported = true;
    set(top, height);
  });
  const view = doc.defaultView;
  const scrollY = () => view?.scrollY ?? 0;
  // The frame's own Element (tests run the app in an iframe of the test's window).
  const isElement = (target: EventTarget | null): target is Element => !!view && target instanceof view.Element;
  const inOverlay = (target: EventTarget | null) => isElement(target) && target.closest(OVERLAYS) !== null;
  const guess = (y: number) => {
    // Centred on the action, but within the document: an overlay near the bottom must not land below the page.
    const top = Math.min(Math.max(0, y - GUESSED_HEIGHT / 2), Math.max(0, root.scrollHeight - GUESSED_HEIGHT));
    if (!reported) set(top, GUESSED_HEIGHT);
  };
  const onPointer = (event: PointerEvent) => {
    if (!inOverlay(event.target)) guess(event.pageY);
  };
  const onFocus = (event: FocusEvent) => {
    if (isElement(event.target) && !inOverlay(event.target)) guess(event.target.getBoundingClientRect().top + scrollY());
  };
  set(0, GUESSED_HEIGHT);
  doc.addEventListener("pointerdown", onPointer, true);
  doc.addEventListener("focusin", onFocus, true);
  return () => {
    stopHost();
    doc.removeEventListener("pointerdown", onPointer, true);
    doc.removeEventListener("focusin", onFocus, true);
  };
}
