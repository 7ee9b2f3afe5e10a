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

/** Every component of packages/ui with its variants: the kit's living style guide. */
export function ComponentsPage() {
  const toast = useToast();
  const section = (title: string, children: React.ReactNode) => (
    <Card>
      <CardHeader>
        <CardTitle>{title}</CardTitle>
      </CardHeader>
      <CardContent className="flex flex-wrap items-center gap-2">{children}</CardContent>
    </Card>
  );
  return (
    <div className="space-y-4">
      <h1 className="text-lg font-semibold">Components</h1>
      {section(
        "Buttons",
        <>
          <Button>Default</Button>
          <Button variant="secondary">Secondary</Button>
          <Button variant="outline">Outline</Button>
          <Button variant="ghost">Ghost</Button>
          <Button variant="destructive">Destructive</Button>
          <Button variant="link">Link</Button>
          <Button size="sm">Small</Button>
          <Button disabled>Disabled</Button>
        </>,
      )}
      {section(
        "Inputs",
        <div className="grid w-full gap-2 sm:grid-cols-2">
          <Label htmlFor="c-input">Text</Label>
          <Input id="c-input" placeholder="Type here" />
          <Label htmlFor="c-select">Select</Label>
          <NativeSelect id="c-select">
            <option>One</option>
            <option>Two</option>
          </NativeSelect>
          <Label htmlFor="c-textarea">Textarea</Label>
          <Textarea id="c-textarea" />
          <div className="flex items-center gap-2 text-sm">
            <Checkbox id="c-checkbox" />
            <Label htmlFor="c-checkbox">Checkbox</Label>
          </div>
        </div>,
      )}
      {section(
        "Badges",
        <>
          <Badge>Default</Badge>
          <Badge variant="success">Success</Badge>
          <Badge variant="warning">Warning</Badge>
          <Badge variant="outline">Outline</Badge>
        </>,
      )}
      {section(
        "Alerts",
        <div className="grid w-full gap-2">
          <Alert variant="info">
            <AlertTitle>Info</AlertTitle>Something worth knowing.
          </Alert>
          <Alert variant="destructive">
            <AlertTitle>Error</AlertTitle>Something went wrong.
          </Alert>
        </div>,
      )}
      {section(
        "Dialog and toasts",
        <>
          <Dialog>
            <DialogTrigger asChild>
              <Button variant="outline">Open dialog</Button>
            </DialogTrigger>
            <DialogContent>
              <DialogTitle>A dialog</DialogTitle>
              <DialogDescription>Focus is trapped here; Escape closes it.</DialogDescription>
              <DialogClose asChild>
                <Button>Close</Button>
              </DialogClose>
            </DialogContent>
          </Dialog>
          <Button variant="outline" onClick={() => toast("Saved successfully")}>
            Show info
          </Button>
          <Button variant="outline" onClick={() => toast("Something went wrong", "error")}>
            Show error
          </Button>
        </>,
      )}
      {section(
        "Tabs",
        <Tabs defaultValue="one" className="w-full">
          <TabsList>
            <TabsTrigger value="one">One</TabsTrigger>
            <TabsTrigger value="two">Two</TabsTrigger>
          </TabsList>
          <TabsContent value="one">The first tab.</TabsContent>
          <TabsContent value="two">The second tab.</TabsContent>
        </Tabs>,
      )}
      {section(
        "Table",
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>Activity</TableHead>
              <TableHead>Guests</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            <TableRow>
              <TableCell>Kayak tour</TableCell>
              <TableCell>8</TableCell>
            </TableRow>
          </TableBody>
        </Table>,
      )}
      {section(
        "Skeletons",
        <div className="w-full space-y-2">
          <Skeleton className="h-4 w-1/2" />
          <Skeleton className="h-4 w-1/3" />
        </div>,
      )}
    </div>
  );
}
