#!/usr/bin/env bash
# Builds (or finds cached) the local runner image jslc-runner:<hash> and prints its reference on stdout; build
# output goes to stderr. Needs `npm run build` first (uses dist/). Usage: build-runner-image.sh [--rebuild|--remove]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec node --input-type=module -e '
import { ensureRunnerImage, removeRunnerImages } from "'"$root"'/dist/runner/image/build.js";
import { connectDocker } from "'"$root"'/dist/runner/image/docker.js";
const arg = process.argv[1] ?? "";
const docker = connectDocker();
if (arg === "--remove") {
  for (const t of await removeRunnerImages(docker)) process.stderr.write(`removed ${t}\n`);
} else {
  const r = await ensureRunnerImage({ docker, rebuild: arg === "--rebuild", onLog: (l) => process.stderr.write(l + "\n") });
  process.stderr.write(`built levels: [${r.builtLevels.join(", ")}] in ${r.seconds.toFixed(2)} s\n`);
  process.stdout.write(r.image + "\n");
}
' -- "${1:-}"
