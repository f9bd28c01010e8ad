#!/usr/bin/env bash
# Runs the Node binary packed by scripts/gpu-bundle.sh on a bare GPU machine: unpacks Node and Dawn
# on first use, installs the Vulkan loader if the machine has none, points Vulkan at the NVIDIA
# driver when its ICD file is where the device machines keep it, then `node "$@"`.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bin="${TMPDIR:-/tmp}/oncotwin-gpu"
mkdir -p "$bin"
[ -x "$bin/node" ] || { xz -dc "$here/node.xz" > "$bin/node"; chmod +x "$bin/node"; }
dawn="$here/node_modules/webgpu/dist/linux-x64/dawn.node"
[ -f "$dawn" ] || xz -dc "$dawn.xz" > "$dawn"
if ! ldconfig -p | grep -q 'libvulkan\.so\.1' && ls "$here"/libvulkan1*.deb >/dev/null 2>&1; then
  for f in "$here"/libvulkan1*.deb; do dpkg -x "$f" /; done
  ldconfig
fi
nv=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
if [ -z "${VK_ICD_FILENAMES:-}${VK_DRIVER_FILES:-}" ] && [ -f "$nv" ]; then export VK_DRIVER_FILES="$nv"; fi
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"
exec "$bin/node" "$@"
