#!/usr/bin/env bash
# Installs the Debian packages vnetlab's tests and live hosts need. Idempotent: when every package is
# already installed it only checks and returns at once.
set -euo pipefail
# azure-cli: Debian's Azure CLI (2.45 on bookworm), the client of `vnetlab serve` in test/helpers/az.ts.
# python3, make, g++: node-gyp's tools, for better-sqlite3 where no prebuilt binary fits (npm rebuild).
packages=(iproute2 nftables tcpdump tshark iperf3 socat azure-cli python3 make g++)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "setup: missing Debian packages: ${missing[*]} (run as root to install them)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup: installed ${missing[*]}"
