package knowledge

import (
	"embed"
	"io/fs"
)

//go:embed builtin
var builtinFS embed.FS

// Builtin returns the knowledge built into the binary: what social
// prescribing is, its vocabulary, the 2019 AHP framework's findings and
// national services an AHP in England can signpost to.
func Builtin() fs.FS {
	sub, err := fs.Sub(builtinFS, "builtin")
	if err != nil {
		// fs.Sub fails only for an invalid path, and "builtin" is a constant.
		panic(err)
	}
	return sub
}
