// Package textdist measures how far apart two short strings are: the
// Levenshtein distance the configuration's "did you mean" uses, and the
// optimal string alignment distance (a swap of adjacent letters is one
// edit) the title classifier corrects misspelt words by.
package textdist
