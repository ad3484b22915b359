//go:build !unix

package pipeline

// dirIdentity is unknown here. A repair then goes by the names and the
// plan's SiteSwapped mark, which is written just after the swap: a process
// killed between the two leaves the new site with the old database until a
// run publishes again.
func dirIdentity(string) dirID { return dirID{} }
