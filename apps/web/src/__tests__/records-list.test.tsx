import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { RecordsListView, type RecordsListViewProps } from "../routes/demo/records-list";

const record = (name: string, overrides = {}) => ({
  id: `id-${name}`,
  name,
  description: null,
  count: null,
  rating: null,
  price: "12.50",
  active: true,
  tags: ["boat"],
  publishedOn: "2026-01-02",
  alarmTime: null,
  naiveEventAt: null,
  status: "published" as const,
  insertedAt: new Date(),
  updatedAt: new Date(),
  ...overrides,
});

function setup(overrides: Partial<RecordsListViewProps> = {}) {
  const props: RecordsListViewProps = {
    page: { status: "success", data: { items: [record("Kayak"), record("Sunset", { status: "draft", active: false })], nextCursor: "c2" } },
    search: "",
    onSearch: vi.fn(),
    hasPrevious: false,
    onPrevious: vi.fn(),
    onNext: vi.fn(),
    onOpen: vi.fn(),
    onNew: vi.fn(),
    ...overrides,
  };
  render(<RecordsListView {...props} />);
  return props;
}

describe("RecordsListView", () => {
  it("renders the records with their status, price and tags, and opens one on click", async () => {
    const props = setup();
    const rows = screen.getAllByRole("row");
    expect(rows).toHaveLength(3);
    expect(within(rows[1] as HTMLElement).getByText("published")).toBeInTheDocument();
    expect(within(rows[1] as HTMLElement).getByText("12.50")).toBeInTheDocument();
    expect(within(rows[2] as HTMLElement).getByText("draft")).toBeInTheDocument();
    await userEvent.click(screen.getByText("Sunset"));
    expect(props.onOpen).toHaveBeenCalledWith("id-Sunset");
  });

  it("searches as the user types", async () => {
    const props = setup();
    await userEvent.type(screen.getByRole("searchbox", { name: "Search by name" }), "k");
    expect(props.onSearch).toHaveBeenCalledWith("k");
  });

  it("pages forward with the cursor and back", async () => {
    const props = setup({ hasPrevious: true });
    await userEvent.click(screen.getByRole("button", { name: "Next" }));
    expect(props.onNext).toHaveBeenCalledWith("c2");
    await userEvent.click(screen.getByRole("button", { name: "Previous" }));
    expect(props.onPrevious).toHaveBeenCalled();
  });

  it("disables Next on the last page and Previous on the first", () => {
    setup({ page: { status: "success", data: { items: [record("Only")], nextCursor: null } } });
    expect(screen.getByRole("button", { name: "Next" })).toBeDisabled();
    expect(screen.getByRole("button", { name: "Previous" })).toBeDisabled();
  });

  it("shows an empty state for a search without results", () => {
    setup({ page: { status: "success", data: { items: [], nextCursor: null } }, search: "zzz" });
    expect(screen.getByText("No records match “zzz”.")).toBeInTheDocument();
  });

  it("retries after an error", async () => {
    const retry = vi.fn();
    setup({ page: { status: "error", retry } });
    await userEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(retry).toHaveBeenCalled();
  });
});
