//go:build tools

// containerd v2.2.9, its runc shim and ctr, built by `netspec local build` for the local cluster's
// nodes (one containerd per node). v2.1.x refuses to build this way: its go.mod has exclude
// directives, which a requiring module cannot honour.
package tools

import (
	_ "github.com/containerd/containerd/v2/cmd/containerd"
	_ "github.com/containerd/containerd/v2/cmd/containerd-shim-runc-v2"
	_ "github.com/containerd/containerd/v2/cmd/ctr"
)
