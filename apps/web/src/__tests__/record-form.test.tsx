import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { RecordForm } from "../routes/demo/record-form";

describe("RecordForm", () => {
  it("validates with the shared schema before anything is sent", async () => {
    const onSubmit = vi.fn();
    render(<RecordForm saving={false} onSubmit={onSubmit} />);
    await userEvent.type(screen.getByLabelText("Price"), "12,50");
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByText("Name can't be blank")).toBeInTheDocument();
    expect(screen.getByText("Price must be a decimal such as 12.50")).toBeInTheDocument();
    expect(screen.getByLabelText("Name")).toHaveAttribute("aria-invalid", "true");
  });

  it("submits typed values in the API's shape", async () => {
    const onSubmit = vi.fn();
    const onDirtyChange = vi.fn();
    render(<RecordForm saving={false} onSubmit={onSubmit} onDirtyChange={onDirtyChange} />);
    await userEvent.type(screen.getByLabelText("Name"), "Sunset cruise");
    await userEvent.selectOptions(screen.getByLabelText("Status"), "published");
    await userEvent.type(screen.getByLabelText("Count"), "7");
    await userEvent.type(screen.getByLabelText("Rating"), "4.5");
    await userEvent.type(screen.getByLabelText("Price"), "12.50");
    await userEvent.type(screen.getByLabelText("Tags"), "boat{Enter}");
    await userEvent.click(screen.getByLabelText("Active"));
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(onDirtyChange).toHaveBeenCalledWith(true);
    expect(onSubmit).toHaveBeenCalledWith({
      name: "Sunset cruise",
      description: null,
      count: 7,
      rating: 4.5,
      price: "12.50",
      active: true,
      tags: ["boat"],
      publishedOn: null,
      alarmTime: null,
      naiveEventAt: null,
      status: "published",
    });
  });

  it("shows the server's error on the right field, and disables Save while saving", () => {
    const { rerender } = render(<RecordForm saving onSubmit={() => {}} />);
    expect(screen.getByRole("button", { name: "Saving…" })).toBeDisabled();
    rerender(<RecordForm saving={false} onSubmit={() => {}} serverErrors={{ name: ["has already been taken"] }} />);
    expect(screen.getByText("Name has already been taken")).toBeInTheDocument();
    expect(screen.getByLabelText("Name")).toHaveAttribute("aria-describedby", "name-error");
  });
});
