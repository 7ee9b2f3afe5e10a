/**
 * CI asks for a machine-readable report by naming a file in `VITEST_JSON_REPORT`; `.ci/run` counts passed and failed
 * tests from it. Shared by the main config and the slow suites' configs.
 */
export function reportOptions(): { reporters: string[]; outputFile?: { json: string } } {
  const jsonReport = process.env.VITEST_JSON_REPORT;
  return jsonReport ? { reporters: ["default", "json"], outputFile: { json: jsonReport } } : { reporters: ["default"] };
}
