export { emulatorFor } from "../kit-env";
export { registerBackofficeApi } from "./backoffice-api";
export { AppRefusedError, type EmulatorConfig, type InstallRequest, PeekEmulator } from "./emulator";
export { readAppRoutes } from "./manifest-routes";
export { EMULATOR_ACCOUNT_EMAIL, EMULATOR_REGISTRY_TOKEN, EmulatedRegistry, registryOf } from "./registry";
export { buildEmulatorServer } from "./server";
export { type EmulatedInstallation, EmulatorState } from "./state";
