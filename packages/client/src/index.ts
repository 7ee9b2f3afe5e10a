export {
  createKitClient,
  isKitClientError,
  type KitAuth,
  type KitClient,
  type KitClientError,
  type KitClientOptions,
  MAX_BATCH_SIZE,
} from "./create-client.js";
export type { KitRouter } from "./router.js";
export type { RouterInputs, RouterOutputs } from "./router-io.js";
export { mintServiceToken, SERVICE_TOKEN_MAX_TTL_S, type ServiceTokenOptions, serviceTokenAuth } from "./service-token.js";
