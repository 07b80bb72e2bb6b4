package export

import (
	"fmt"
	"os"
	"time"
)

var traceStart = time.Now()

func trace(what string) {
	if os.Getenv("SC_TRACE") != "" {
		fmt.Fprintf(os.Stderr, "TRACE %6.0f ms %s\n", float64(time.Since(traceStart).Microseconds())/1000, what)
	}
}
