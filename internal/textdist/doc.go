// Package textdist measures how far apart two short strings are: the edit
// distance the title classifier's fuzzy matching and the configuration's
// "did you mean" both use.
package textdist
