package main

import "github.com/urfave/cli/v2"

// commands lists every subcommand; each lives in a file of its own.
func commands() []*cli.Command {
	return []*cli.Command{
		reviewCommand(),
		importCommand(),
		listCommand(),
		showCommand(),
		removeCommand(),
		dueCommand(),
		gradeCommand(),
		suspendCommand(),
		unsuspendCommand(),
		buryCommand(),
		resetCommand(),
		configCommand(),
		statsCommand(),
		planCommand(),
		exportCommand(),
		newCommand(), lintCommand(), convertCommand(),
		editCommand(), completionCommand(), completeCommand(),
		drillCommand(), mockCommand(), cheatsheetCommand(),
		backupCommand(), restoreCommand(), checkCommand(),
	}
}
