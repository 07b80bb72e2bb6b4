package main

import "runtime/debug"

// buildVersion is set at link time for releases:
//
//	go build -ldflags "-X main.buildVersion=v1.2.3" ./cmd/starcards
var buildVersion string

// version returns the version --version prints: the link-time version, the
// module version of a `go install …@version`, or the VCS revision of a
// local build.
func version() string {
	if buildVersion != "" {
		return buildVersion
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	rev, dirty := "", false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		return "devel"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if dirty {
		rev += "-dirty"
	}
	return "devel-" + rev
}
