#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image (Ubuntu; see
# gradescope-autograders.readthedocs.io, "Autograder Specifications"). It installs what labcheck
# needs and nothing else: Node.js 20 from nodejs.org (checksum verified), the docker CLI from
# Ubuntu's docker.io package, and labcheck from the tarball in this zip (`npm pack` in labcheck's
# repository gives labcheck-<version>.tgz; put it next to this file).
set -euo pipefail

NODE_VERSION=20.20.2
ARCH=x64

apt-get install -y --no-install-recommends ca-certificates curl xz-utils docker.io

tmp=$(mktemp -d)
cd "$tmp"
curl -fsSLO "https://nodejs.org/dist/v${NODE_VERSION}/node-v${NODE_VERSION}-linux-${ARCH}.tar.xz"
curl -fsSLO "https://nodejs.org/dist/v${NODE_VERSION}/SHASUMS256.txt"
grep " node-v${NODE_VERSION}-linux-${ARCH}.tar.xz\$" SHASUMS256.txt | sha256sum -c -
tar -xJf "node-v${NODE_VERSION}-linux-${ARCH}.tar.xz" -C /usr/local --strip-components=1
cd /
rm -rf "$tmp"

npm install -g --no-audit --no-fund /autograder/source/labcheck-*.tgz
labcheck --version
