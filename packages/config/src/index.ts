export { DEV_SECRETS_FILE, ensureDevSecrets } from "./dev-secrets";
export { DOT_ENV_FILES, ENV_ALIASES, mergeEnvSources, readDotEnvFile, type Vars } from "./dot-env";
export {
  type AppConfig,
  type EnvResult,
  GENERATED_DEV_SECRETS,
  parseEnv,
  SECRET_NAMES,
} from "./env-schema";
export { loadEnv } from "./load-env";
export { findRepoRoot } from "./repo-root";
