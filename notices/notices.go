// Package notices holds the notices Signpost must show for the data it
// carries: GeoNames' place names are CC BY 4.0, which asks for
// attribution wherever the data goes, and a binary goes further than the
// repository.
package notices

import _ "embed"

// Text is the NOTICE file: what Signpost carries from others, and under
// which terms.
//
//go:embed NOTICE
var Text string
