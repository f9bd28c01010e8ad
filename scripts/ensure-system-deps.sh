#!/usr/bin/env bash
# Installs the Debian packages the WebGPU tests need when they are missing: Chromium ships the
# SwiftShader Vulkan driver (CPU WebGPU for Dawn and for headless Chromium) and libvulkan1 is the
# loader Dawn opens. Runs before `npm test`; does nothing when both are present.
set -euo pipefail
icd=/usr/lib/chromium/vk_swiftshader_icd.json
have_loader() { ldconfig -p 2>/dev/null | grep -q 'libvulkan.so.1 '; }
if [ -f "$icd" ] && command -v chromium >/dev/null 2>&1 && have_loader; then
  exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "oncotwin: WebGPU tests need Debian's 'chromium' and 'libvulkan1' packages." >&2
  echo "  install them with: sudo apt-get install -y chromium libvulkan1" >&2
  exit 0
fi
echo "oncotwin: installing chromium and libvulkan1 (SwiftShader WebGPU for the tests)…" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium libvulkan1 >/dev/null
