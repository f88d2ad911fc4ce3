# Puts Node.js 24 first on PATH when the machine's own Node is older. Source it, don't run it:
#   source scripts/use-node-24.sh
# Node 24 comes from the npm registry's `node` package, whose binary ships inside the package, and
# native modules are built against its headers (node-gyp would otherwise try to download them).
required_major=24
current_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$current_major" -lt "$required_major" ]; then
	node_prefix="${NODE_24_PREFIX:-$HOME/.cache/checkpoint/node-$required_major}"
	if [ ! -x "$node_prefix/node_modules/node/bin/node" ]; then
		echo "Installing Node.js $required_major into $node_prefix (this machine has $(node --version 2>/dev/null || echo none))"
		npm install --silent --no-save --prefix "$node_prefix" "node@$required_major" || return 1
	fi
	export PATH="$node_prefix/node_modules/node/bin:$PATH"
	for headers in "$node_prefix"/node_modules/node/node_modules/node-*/include; do
		export npm_config_nodedir="${headers%/include}"
	done
	hash -r
fi
echo "Node.js $(node --version), npm $(npm --version)"
