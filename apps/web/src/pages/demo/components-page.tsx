import {
  Alert,
  AlertTitle,
  Badge,
  Button,
  Card,
  CardContent,
  CardHeader,
  CardTitle,
  Checkbox,
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogTitle,
  DialogTrigger,
  Input,
  Label,
  NativeSelect,
  Skeleton,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Tabs,
  TabsContent,
  TabsList,
  TabsTrigger,
  Textarea,
  useToast,
} from "@kit/ui";
import type { ReactNode } from "react";
import { useT } from "../../i18n/use-t";
import { PageHeader } from "../../shell/page-header";

/** Every component of packages/ui with its variants: the kit's living style guide, in both themes. */
export function ComponentsPage() {
  const t = useT();
  const toast = useToast();
  const section = (title: string, children: ReactNode) => (
    <Card>
      <CardHeader>
        <CardTitle>{title}</CardTitle>
      </CardHeader>
      <CardContent className="flex flex-wrap items-center gap-2">{children}</CardContent>
    </Card>
  );
  return (
    <div className="space-y-4">
      <PageHeader title={t("components.title")} description={t("components.description")} />
      {section(
        t("components.buttons"),
        <>
          <Button>{t("components.variant.default")}</Button>
          <Button variant="secondary">{t("components.variant.secondary")}</Button>
          <Button variant="outline">{t("components.variant.outline")}</Button>
          <Button variant="ghost">{t("components.variant.ghost")}</Button>
          <Button variant="destructive">{t("components.variant.destructive")}</Button>
          <Button variant="link">{t("components.variant.link")}</Button>
          <Button size="sm">{t("components.variant.small")}</Button>
          <Button disabled>{t("components.variant.disabled")}</Button>
        </>,
      )}
      {section(
        t("components.inputs"),
        <div className="grid w-full gap-2 sm:grid-cols-2">
          <Label htmlFor="c-input">{t("components.text")}</Label>
          <Input id="c-input" placeholder={t("components.placeholder")} />
          <Label htmlFor="c-select">{t("components.select")}</Label>
          <NativeSelect id="c-select">
            <option>{t("components.one")}</option>
            <option>{t("components.two")}</option>
          </NativeSelect>
          <Label htmlFor="c-textarea">{t("components.textarea")}</Label>
          <Textarea id="c-textarea" />
          <div className="flex items-center gap-2 text-sm">
            <Checkbox id="c-checkbox" />
            <Label htmlFor="c-checkbox">{t("components.checkbox")}</Label>
          </div>
        </div>,
      )}
      {section(
        t("components.badges"),
        <>
          <Badge>{t("components.variant.default")}</Badge>
          <Badge variant="success">{t("components.variant.success")}</Badge>
          <Badge variant="warning">{t("components.variant.warning")}</Badge>
          <Badge variant="danger">{t("components.variant.danger")}</Badge>
          <Badge variant="outline">{t("components.variant.outline")}</Badge>
        </>,
      )}
      {section(
        t("components.alerts"),
        <div className="grid w-full gap-2">
          <Alert variant="info">
            <AlertTitle>{t("components.alert.info")}</AlertTitle>
            {t("components.alert.infoBody")}
          </Alert>
          <Alert variant="warning">
            <AlertTitle>{t("components.alert.warning")}</AlertTitle>
            {t("components.alert.warningBody")}
          </Alert>
          <Alert variant="destructive">
            <AlertTitle>{t("components.alert.error")}</AlertTitle>
            {t("components.alert.errorBody")}
          </Alert>
        </div>,
      )}
      {section(
        t("components.overlays"),
        <>
          <Dialog>
            <DialogTrigger asChild>
              <Button variant="outline">{t("components.openDialog")}</Button>
            </DialogTrigger>
            <DialogContent>
              <DialogTitle>{t("components.dialogTitle")}</DialogTitle>
              <DialogDescription>{t("components.dialogBody")}</DialogDescription>
              <DialogClose asChild>
                <Button>{t("action.close")}</Button>
              </DialogClose>
            </DialogContent>
          </Dialog>
          <Button variant="outline" onClick={() => toast(t("components.toastInfo"))}>
            {t("components.showInfo")}
          </Button>
          <Button variant="outline" onClick={() => toast(t("components.toastError"), "error")}>
            {t("components.showError")}
          </Button>
        </>,
      )}
      {section(
        t("components.tabs"),
        <Tabs defaultValue="one" className="w-full">
          <TabsList>
            <TabsTrigger value="one">{t("components.one")}</TabsTrigger>
            <TabsTrigger value="two">{t("components.two")}</TabsTrigger>
          </TabsList>
          <TabsContent value="one">{t("components.tabOne")}</TabsContent>
          <TabsContent value="two">{t("components.tabTwo")}</TabsContent>
        </Tabs>,
      )}
      {section(
        t("components.table"),
        <Table>
          <caption className="sr-only">{t("components.table")}</caption>
          <TableHeader>
            <TableRow>
              <TableHead scope="col">{t("booking.field.activity")}</TableHead>
              <TableHead scope="col">{t("booking.field.quantity")}</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            <TableRow>
              <TableCell>{t("components.sampleActivity")}</TableCell>
              <TableCell>8</TableCell>
            </TableRow>
          </TableBody>
        </Table>,
      )}
      {section(
        t("components.skeletons"),
        <div className="w-full space-y-2">
          <Skeleton className="h-4 w-1/2" />
          <Skeleton className="h-4 w-1/3" />
        </div>,
      )}
    </div>
  );
}
