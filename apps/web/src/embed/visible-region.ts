import type { HostBridge } from "./host-bridge";

/** Without a host that reports it, the visible part of the frame is guessed around the last thing the user touched. */
const GUESSED_HEIGHT = 560;
/** The least room a toast gets, even when less of the frame shows. */
const TOAST_ROOM = 120;
/** The least room a dialog gets: where less of the frame shows, it opens against the frame's edge that shows. */
const DIALOG_ROOM = 320;
/**
 * Open overlays, which are placed from the region: a press or focus inside one (a dialog's button, Radix's auto-focus,
 * Tab) must not move it, or the dialog jumps away under the pointer and the click misses.
 */
const OVERLAYS = "[role=dialog], [role=alertdialog], .kit-dialog, .kit-toaster, [data-radix-popper-content-wrapper]";

/** A vertical band of the frame's document, in CSS pixels. */
export interface Band {
  top: number;
  height: number;
}
export interface OverlayPlacement {
  /** Where toasts go: the visible band, at least {@link TOAST_ROOM} tall, within the frame. */
  toasts: Band;
  /** Where a dialog goes: the visible band, or, where too little shows, a band of {@link DIALOG_ROOM} against its edge. */
  dialog: Band;
  /** 0: the dialog's top at the band's top; 0.5: centred; 1: its bottom at the band's bottom. */
  align: 0 | 0.5 | 1;
}

/**
 * Where overlays go, given the band of the frame the user sees and the frame's own extent (what it can show: a frame
 * that grows to its content shows its whole document). An overlay outside the frame is cut off by it, so every band
 * stays within the frame. When only a sliver of the frame shows (the host page scrolled it almost out of view), a
 * dialog would be squeezed into the sliver: it gets room against the edge that shows instead, so the part of it in
 * view is the part nearest that edge (its buttons, when the frame's bottom shows).
 */
export function placeOverlays(visible: Band, frame: Band): OverlayPlacement {
  const frameBottom = frame.top + Math.max(0, frame.height);
  const clamp = (value: number, low: number, high: number) => Math.min(Math.max(value, low), Math.max(low, high));
  const top = clamp(visible.top, frame.top, frameBottom);
  const bottom = clamp(visible.top + Math.max(0, visible.height), top, frameBottom);
  const shown = bottom - top;
  const room = (least: number) => Math.min(least, frameBottom - frame.top);
  const toastHeight = Math.max(shown, room(TOAST_ROOM));
  const toasts = { top: clamp(top, frame.top, frameBottom - toastHeight), height: toastHeight };
  const dialogRoom = room(DIALOG_ROOM);
  if (shown >= dialogRoom) return { toasts, dialog: { top, height: shown }, align: 0.5 };
  if (bottom >= frameBottom - 1) return { toasts, dialog: { top: frameBottom - dialogRoom, height: dialogRoom }, align: 1 };
  if (top <= frame.top + 1) return { toasts, dialog: { top: frame.top, height: dialogRoom }, align: 0 };
  const centred = clamp(top + shown / 2 - dialogRoom / 2, frame.top, frameBottom - dialogRoom);
  return { toasts, dialog: { top: centred, height: dialogRoom }, align: 0.5 };
}

/**
 * Where overlays (toasts, dialogs, the leave-page question) open inside a frame that grows to its content, where
 * "fixed to the viewport" means "at the bottom of a 2 000 px frame": the visible region the host reports (the emulator
 * does), or a region around the user's last action. Published as CSS variables that the UI package's overlays read
 * under `html[data-embedded]` (`--kit-visible-top` and `--kit-visible-height` for toasts, `--kit-dialog-anchor`,
 * `--kit-dialog-height` and `--kit-dialog-align` for dialogs; see {@link placeOverlays}). Returns the function that
 * stops it.
 */
export function trackVisibleRegion(doc: Document, host: HostBridge | null): () => void {
  if (!host) return () => {};
  const root = doc.documentElement;
  root.dataset.embedded = "true";
  const view = doc.defaultView;
  const scrollY = () => view?.scrollY ?? 0;
  // What the frame can show: in a frame that grows to its content, all of it; otherwise its viewport.
  const frame = (): Band => ({ top: scrollY(), height: view?.innerHeight ?? root.scrollHeight });
  let region: Band = { top: 0, height: GUESSED_HEIGHT };
  const publish = () => {
    const { toasts, dialog, align } = placeOverlays(region, frame());
    const px = (value: number) => `${Math.round(value)}px`;
    root.style.setProperty("--kit-visible-top", px(toasts.top));
    root.style.setProperty("--kit-visible-height", px(toasts.height));
    // The dialog's top, middle or bottom, 1rem (16 px) inside its band's edge when it is placed against one.
    root.style.setProperty("--kit-dialog-anchor", px(dialog.top + dialog.height * align + 16 * (1 - 2 * align)));
    root.style.setProperty("--kit-dialog-height", px(dialog.height));
    root.style.setProperty("--kit-dialog-align", String(align));
  };
  const set = (top: number, height: number) => {
    region = { top, height };
    publish();
  };
  let reported = false;
  const stopHost = host.onVisibleRegion(({ top, height }) => {
    reported = true;
    set(top, height);
  });
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
  publish();
  doc.addEventListener("pointerdown", onPointer, true);
  doc.addEventListener("focusin", onFocus, true);
  // The frame grows and shrinks with its content (or scrolls, in a host that does not grow it): the bands follow it.
  view?.addEventListener("resize", publish);
  view?.addEventListener("scroll", publish, { passive: true });
  return () => {
    stopHost();
    doc.removeEventListener("pointerdown", onPointer, true);
    doc.removeEventListener("focusin", onFocus, true);
    view?.removeEventListener("resize", publish);
    view?.removeEventListener("scroll", publish);
  };
}
