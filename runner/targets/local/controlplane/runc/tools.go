//go:build tools

// runc v1.2.6, built with `-tags seccomp` (cgo, libseccomp): the CRI sandbox spec carries the
// RuntimeDefault seccomp profile, which a runc without seccomp support refuses.
package tools

import _ "github.com/opencontainers/runc"
