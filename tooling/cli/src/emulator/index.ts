export { emulatorFor } from "../kit-env";
export { registerBackofficeApi } from "./backoffice-api";
export { AppRefusedError, type EmulatorConfig, type InstallRequest, PeekEmulator } from "./emulator";
export { readAppRoutes } from "./manifest-routes";
export { buildEmulatorServer } from "./server";
export { type EmulatedInstallation, EmulatorState } from "./state";
