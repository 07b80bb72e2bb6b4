package main

import "github.com/urfave/cli/v2"

func reviewCommand() *cli.Command {
	return &cli.Command{Name: "review", Usage: "review today's due cards", Action: func(c *cli.Context) error { return errorf("review is not built yet") }}
}
