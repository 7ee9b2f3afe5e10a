import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { SystemStatus } from "../components/system-status";

describe("SystemStatus", () => {
  it("says it is checking before the answer arrives", () => {
    render(<SystemStatus status={undefined} error={false} />);
    expect(screen.getByRole("status")).toHaveTextContent("Checking status…");
  });

  it("shows the RAG state and the public message", () => {
    render(<SystemStatus status={{ ragStatus: "red", publicMessage: "Service disruption", internalMessage: "db down" }} error={false} />);
    const status = screen.getByRole("status");
    expect(status).toHaveTextContent("Disrupted: Service disruption");
    expect(status).not.toHaveTextContent("db down");
  });

  it("says when the server did not answer", () => {
    render(<SystemStatus status={undefined} error />);
    expect(screen.getByRole("status")).toHaveTextContent(/did not answer/);
  });
});
