// Package atomicfile writes files so that a crash leaves either the old
// file or the whole new one, never a part.
//
// [Write] writes under a temporary name in the target's directory, fsyncs
// the file, renames it into place and fsyncs the directory, so that the
// rename itself survives a power cut. [Link] puts a complete file in place
// only if nothing is there yet. The store builds new collections with them
// and writes backups with them; the commands write exports, templates and
// converted stories with them.
package atomicfile
