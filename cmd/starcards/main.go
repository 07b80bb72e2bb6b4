package main

import (
	"context"
	"os"
)

func main() {
	os.Exit(Run(context.Background(), os.Args, os.Stdin, os.Stdout, os.Stderr))
}
