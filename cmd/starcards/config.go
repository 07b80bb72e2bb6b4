package main

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/starcards/starcards/scheduler"
	"github.com/urfave/cli/v2"
)

func configCommand() *cli.Command {
	return &cli.Command{
		Name:  "config",
		Usage: "show or change the collection's settings",
		Description: `Without arguments, lists every setting with its value, default and meaning.

Examples:
   starcards config
   starcards config get desired-retention
   starcards config set new-per-day 10
   starcards config set level Senior
   starcards config set fuzz off`,
		Flags: []cli.Flag{&cli.BoolFlag{Name: "json", Usage: "print JSON"}},
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return unknownCommand(c.Command.Subcommands, "config", c.Args().First())
			}
			db, cfg, err := openConfig(c, false)
			if err != nil {
				return err
			}
			db.Close() // the settings are read; print without the lock
			values := map[string]string{}
			rows := make([][]string, len(scheduler.ConfigKeys))
			for i, k := range scheduler.ConfigKeys {
				v, err := scheduler.GetConfig(cfg, k.Name, time.Local)
				if err != nil {
					return err
				}
				values[k.Name] = v
				rows[i] = []string{k.Name, v, k.Default, k.Description}
			}
			if c.Bool("json") {
				return writeJSON(c.App.Writer, values)
			}
			// Plain columns fitted to the terminal: the meaning is cut
			// first (config set --help gives each key whole).
			t := &table{header: []string{"SETTING", "VALUE", "DEFAULT", "MEANING"}, rows: rows, flex: []int{0, 0, 0, 1}}
			return t.write(c.App.Writer, outputWidth(c.App.Writer))
		},
		Subcommands: []*cli.Command{
			{
				Name:        "get",
				Usage:       "print one setting",
				ArgsUsage:   "KEY",
				Description: "Prints the value of one setting.\n\n" + configKeyList() + "\n\nExample:\n   starcards config get desired-retention",
				Action: func(c *cli.Context) error {
					if c.NArg() != 1 {
						return errorWithHint("config get needs one key", "starcards config lists the keys")
					}
					db, cfg, err := openConfig(c, false)
					if err != nil {
						return err
					}
					db.Close() // the settings are read; print without the lock
					v, err := scheduler.GetConfig(cfg, c.Args().First(), time.Local)
					if err != nil {
						return configError(err)
					}
					fmt.Fprintln(c.App.Writer, safe(v))
					return nil
				},
			},
			{
				Name:        "set",
				Usage:       "change one setting",
				ArgsUsage:   "KEY VALUE",
				Description: "Changes one setting of the collection; it applies from the next command.\n\n" + configKeyList() + "\n\nExamples:\n   starcards config set new-per-day 10\n   starcards config set level Senior",
				Action: func(c *cli.Context) error {
					if c.NArg() != 2 {
						return errorWithHint("config set needs a key and a value", "starcards config lists the keys")
					}
					key, value := c.Args().Get(0), c.Args().Get(1)
					db, cfg, err := openConfig(c, true)
					if err != nil {
						return err
					}
					defer db.Close()
					if err := scheduler.SetConfig(&cfg, key, value, time.Local); err != nil {
						return configError(err)
					}
					if err := scheduler.Validate(cfg); err != nil {
						return configError(err)
					}
					old, err := collectionConfig(db)
					if err != nil {
						return err
					}
					if err := db.SetConfig(cfg); err != nil {
						return err
					}
					v, _ := scheduler.GetConfig(cfg, key, time.Local)
					fmt.Fprintf(c.App.Writer, "%s = %s\n", safe(key), safe(v))
					if key == "level" && old.Level != cfg.Level {
						// The level picks the level cards: remake them,
						// unless the study plan's level applies.
						p, err := loadPlan(db)
						if err != nil {
							return err
						}
						if p.Level != "" {
							fmt.Fprintf(c.App.Writer, "the study plan's level %s makes the cards while the plan lasts\n", safe(p.Level))
						}
						return remakeForLevel(db, cardOptions(old, p), cardOptions(cfg, p), c.App.Writer)
					}
					return nil
				},
			},
		},
	}
}

func configError(err error) error {
	var ce *scheduler.ConfigError
	if errors.As(err, &ce) {
		return errorWithHint(ce.Msg, "starcards config lists every setting with its allowed values")
	}
	return err
}

// configKeyList lists the settings for the help of config get and set:
// each key, its default and its meaning.
func configKeyList() string {
	var b strings.Builder
	b.WriteString("Keys (default in brackets):")
	for _, k := range scheduler.ConfigKeys {
		def := k.Default
		if def == "" {
			def = "none"
		}
		fmt.Fprintf(&b, "\n   %-20s %s [%s]", k.Name, k.Description, def)
	}
	return b.String()
}
