//go:build tools

// The CNI plugins the local cluster's pod network uses (kindnet's shape: bridge + host-local, one
// pod subnet per node), v1.6.2.
package tools

import (
	_ "github.com/containernetworking/plugins/plugins/ipam/host-local"
	_ "github.com/containernetworking/plugins/plugins/main/bridge"
	_ "github.com/containernetworking/plugins/plugins/main/loopback"
	_ "github.com/containernetworking/plugins/plugins/meta/portmap"
)
