package command

import _ "embed"

// Protocol is PROTOCOL.md, the protocol a command agent speaks, shipped in
// the binary for `erosion help agents`.
//
//go:embed PROTOCOL.md
var Protocol string
