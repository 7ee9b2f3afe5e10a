import type { HostBridge } from "./host-bridge";

/** Without a host that reports it, the visible part of the frame is guessed around the last thing the user touched. */
const GUESSED_HEIGHT = 560;

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
  const scrollY = () => doc.defaultView?.scrollY ?? 0;
  const guess = (y: number) => {
    if (!reported) set(y - GUESSED_HEIGHT / 2, GUESSED_HEIGHT);
  };
  const onPointer = (event: PointerEvent) => guess(event.pageY);
  const onFocus = (event: FocusEvent) => {
    if (event.target instanceof Element) guess(event.target.getBoundingClientRect().top + scrollY());
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
