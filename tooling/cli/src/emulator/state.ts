import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { SampleBookingState } from "@kit/api";

export type Platform = "peek" | "acme" | "cng";

export interface EmulatedUser {
  id: string;
  name: string;
  email: string;
  locale: string;
  /** Peek's `is_admin` claim for this person (true when unset: who installs an app administers the account). */
  isAdmin?: boolean;
}

export interface EmulatedInstallation {
  installId: string;
  account: { id: string; name: string; platform: Platform; isTest: boolean; timezone: string };
  user: EmulatedUser;
  status: "installed" | "uninstalled";
  createdAt: string;
  /**
   * The account's bookings in their current state: those it had before installing the app (what a backfill reads), and
   * those the emulator sent events for since (an update is the same booking, changed).
   */
  bookings?: Record<string, SampleBookingState & { purchasedAt: string }>;
  /** The setup status the app last reported (`PUT …/configuration_status`). */
  configurationStatus?: { status: string; notes: string | null; at: string };
}

/** Failures the emulator injects on purpose, so an app's retries can be watched. */
export interface EmulatorFaults {
  /** Peek's configuration-status endpoint answers 503. */
  configurationStatus?: boolean;
}

export interface LogEntry {
  at: string;
  action: string;
  installId: string | null;
  method: string;
  url: string;
  status: number | null;
  response: string;
}

interface StateFile {
  installations: EmulatedInstallation[];
  log: LogEntry[];
  faults?: EmulatorFaults;
}

const LOG_LIMIT = 200;

/** The emulator's memory: a JSON file under `.data/`, so the page and the `kit peek …` commands share installations. */
export class EmulatorState {
  constructor(private readonly file: string) {}

  private read(): StateFile {
    try {
      const parsed = JSON.parse(readFileSync(this.file, "utf8")) as Partial<StateFile>;
      return { installations: parsed.installations ?? [], log: parsed.log ?? [], faults: parsed.faults ?? {} };
    } catch {
      return { installations: [], log: [] };
    }
  }

  private write(state: StateFile): void {
    mkdirSync(dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${randomBytes(4).toString("hex")}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
    renameSync(temporary, this.file);
  }

  installations(): EmulatedInstallation[] {
    return this.read().installations;
  }

  log(): LogEntry[] {
    return this.read().log;
  }

  find(installId: string): EmulatedInstallation | undefined {
    return this.installations().find((i) => i.installId === installId);
  }

  save(installation: EmulatedInstallation): void {
    const state = this.read();
    state.installations = [...state.installations.filter((i) => i.installId !== installation.installId), installation];
    this.write(state);
  }

  remove(installId: string): void {
    const state = this.read();
    state.installations = state.installations.filter((i) => i.installId !== installId);
    this.write(state);
  }

  faults(): EmulatorFaults {
    return this.read().faults ?? {};
  }

  setFaults(faults: EmulatorFaults): void {
    const state = this.read();
    state.faults = { ...state.faults, ...faults };
    this.write(state);
  }

  record(entry: LogEntry): void {
    const state = this.read();
    state.log = [entry, ...state.log].slice(0, LOG_LIMIT);
    this.write(state);
  }
}
