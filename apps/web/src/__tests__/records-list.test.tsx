import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { expect, it } from "vitest";
import { DemoRecordsPage } from "../pages/demo/records-list";
import { never, renderApp } from "./render-app";

const record = {
  id: "00000000-0000-4000-8000-000000000001",
  name: "Kayak at dawn",
  status: "draft",
  price: null,
  active: true,
  tags: null,
  publishedOn: null,
};

it("says it is loading while a search's records load, over the previous ones it still shows", async () => {
  await renderApp(<DemoRecordsPage />, {
    path: "/demo/records",
    handlers: {
      "demo.list": (input) => ((input as { search: string | null }).search === null ? { items: [record], nextCursor: null } : never()),
      "demo.count": () => ({ total: 1 }),
    },
  });
  expect(await screen.findByText("1 record")).toBeInTheDocument();
  expect(screen.queryByRole("status", { name: "Loading records" })).toBeNull();
  await userEvent.type(screen.getByLabelText("Search by name"), "bike");
  const loading = await screen.findByRole("status", { name: "Loading records" });
  expect(loading).toHaveTextContent("Loading records…");
  expect(screen.getByRole("table").closest("[aria-busy]")).toHaveAttribute("aria-busy", "true");
});
