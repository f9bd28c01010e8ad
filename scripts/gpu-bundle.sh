#!/usr/bin/env bash
# Packs what a bare GPU machine (no Node, no package registry; see issue "WebGPU backend") needs to
# run oncotwin's WebGPU backend on real hardware, into .gpu/ (git-ignored, ≈ 35 MB):
#   node.xz          this machine's Node binary (glibc-only dependencies), xz-compressed
#   bench.mjs        npm run bench (bench/run.ts) as one file
#   oncotwin.mjs     the CLI (engine/cli/main.ts) as one file; models/ and scenarios/ come with the checkout
#   node_modules/webgpu/  Dawn's JS entry + dist/linux-x64/dawn.node.xz (the only native dependency)
#   libvulkan1.deb   the Vulkan loader (the NVIDIA Vulkan driver itself comes with the GPU driver)
#   run.sh           unpacks the above on first use and runs `node "$@"` with the Vulkan driver found
# Use: `bash scripts/gpu-bundle.sh`, then on the GPU machine (repository root):
#   bash .gpu/run.sh .gpu/bench.mjs --backend webgpu --patients 1000000 --check 200
#   bash .gpu/run.sh .gpu/oncotwin.mjs run --backend webgpu --patients 100000 --out /tmp/r
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/.gpu"
rm -rf "$out"
mkdir -p "$out/node_modules/webgpu/dist/linux-x64"

# Everything but Dawn in one file each; `webgpu` stays external (it loads dawn.node beside itself).
bundle() { # entry output
  npx --no-install esbuild "$1" --bundle --platform=node --format=esm --target=node20 \
    --external:webgpu --outfile="$2" --log-level=warning \
    --banner:js="import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);"
}
bundle "$root/bench/run.ts" "$out/bench.mjs"
bundle "$root/engine/cli/main.ts" "$out/oncotwin.mjs"

wg="$root/node_modules/webgpu"
cp "$wg/package.json" "$wg/index.js" "$out/node_modules/webgpu/"
xz -T0 -6 -c "$wg/dist/linux-x64/dawn.node" > "$out/node_modules/webgpu/dist/linux-x64/dawn.node.xz"
xz -T0 -6 -c "$(readlink -f "$(command -v node)")" > "$out/node.xz"

if ! (cd "$out" && apt-get download libvulkan1 >/dev/null 2>&1); then
  echo "note: could not download libvulkan1 (apt-get download); run.sh will rely on the machine's loader" >&2
fi
cp "$root/scripts/gpu-run.sh" "$out/run.sh"
du -sh "$out"
