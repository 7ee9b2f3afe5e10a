export {
  type FlatManifest,
  flatManifestSchema,
  MANIFEST_KEYS,
  MANIFEST_PLATFORMS,
  type ManifestEntry,
  type ManifestKey,
  type ManifestPlatform,
  manifestEntries,
  manifestPlatforms,
  serializeManifest,
} from "./model";
export { type PeekProject, PROJECT_FILE, readProject, updateProject } from "./project-file";
export { type ManifestFormat, type ManifestProblem, type ReadManifest, readManifest } from "./read-manifest";
