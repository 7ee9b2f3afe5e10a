import { Button, Dialog, DialogContent, DialogDescription, DialogTitle } from "@kit/ui";
import { useRef, useState } from "react";
import { useT } from "../i18n/use-t";
import type { LeaveGuard } from "./leave-guard";

/** "Leave without saving?" — in the app's own dialog, which opens where the user is looking (also inside Peek Pro). */
export function LeaveDialog({ guard }: { guard: LeaveGuard }) {
  const t = useT();
  // What was about to leave (the link, the partner picker): the keyboard goes back to it when the question closes. The
  // dialog has no trigger of its own, so without this the focus would fall to the page's body.
  const [returnTo] = useState(() => (document.activeElement instanceof HTMLElement ? document.activeElement : null));
  // Leaving: the new page's heading takes the focus (`useAppNavigate`), not the link.
  const left = useRef(false);
  return (
    <Dialog open onOpenChange={(next) => !next && guard.answer(false)}>
      <DialogContent
        onCloseAutoFocus={(event) => {
          if (left.current || !returnTo?.isConnected) return;
          event.preventDefault();
          returnTo.focus();
        }}
      >
        <DialogTitle>{t("leave.title")}</DialogTitle>
        <DialogDescription>{t("leave.body")}</DialogDescription>
        <div className="flex flex-wrap justify-end gap-2">
          <Button variant="outline" onClick={() => guard.answer(false)}>
            {t("leave.stay")}
          </Button>
          <Button
            variant="destructive"
            onClick={() => {
              left.current = true;
              guard.answer(true);
            }}
          >
            {t("leave.leave")}
          </Button>
        </div>
      </DialogContent>
    </Dialog>
  );
}
