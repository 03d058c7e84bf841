//go:build tools

// kube-router v2.1.0, run by the local cluster for its firewall (network policy) controller only:
// --run-firewall=true --run-router=false --run-service-proxy=false (node.ts). The requirements are
// kube-router's own go.mod, as `go get .../cmd/kube-router@v2.1.0` resolves them (no upgrades).
package tools

import _ "github.com/cloudnativelabs/kube-router/v2/cmd/kube-router"
