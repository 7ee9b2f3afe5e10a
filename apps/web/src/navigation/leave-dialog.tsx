import { Button, Dialog, DialogContent, DialogDescription, DialogTitle } from "@kit/ui";
import { useT } from "../i18n/use-t";
import type { LeaveGuard } from "./leave-guard";

/** "Leave without saving?" — in the app's own dialog, which opens where the user is looking (also inside Peek Pro). */
export function LeaveDialog({ guard }: { guard: LeaveGuard }) {
  const t = useT();
  return (
    <Dialog open onOpenChange={(next) => !next && guard.answer(false)}>
      <DialogContent>
        <DialogTitle>{t("leave.title")}</DialogTitle>
        <DialogDescription>{t("leave.body")}</DialogDescription>
        <div className="flex flex-wrap justify-end gap-2">
          <Button variant="outline" onClick={() => guard.answer(false)}>
            {t("leave.stay")}
          </Button>
          <Button variant="destructive" onClick={() => guard.answer(true)}>
            {t("leave.leave")}
          </Button>
        </div>
      </DialogContent>
    </Dialog>
  );
}
