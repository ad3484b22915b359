package pipeline

import (
	"context"
	"fmt"
	"io/fs"
	"strings"

	"github.com/wagescope/wagescope/internal/lazyre"
	"github.com/wagescope/wagescope/internal/sqlscript"
	"github.com/wagescope/wagescope/pipeline/store"
	"github.com/wagescope/wagescope/queries"
)

// sqlModel is one staging or mart file and the tables it touches, read
// from its SQL so the dependency graph cannot drift from the queries.
type sqlModel struct {
	name    string   // e.g. staging/050_stg_postings__postings.sql
	creates []string // CREATE [OR REPLACE] TABLE targets
	mutates []string // INSERT INTO / UPDATE / ALTER TABLE / DELETE FROM targets
	reads   []string // FROM / JOIN tables
}

var (
	createRE = lazyre.New(`(?i)\bCREATE\s+(?:OR\s+REPLACE\s+)?(?:TEMP(?:ORARY)?\s+)?(?:TABLE|VIEW)\s+(?:IF\s+NOT\s+EXISTS\s+)?([a-z_][a-z0-9_]*)`)
	mutateRE = lazyre.New(`(?i)\b(?:INSERT\s+(?:OR\s+[a-z]+\s+)?INTO|UPDATE|ALTER\s+TABLE|DELETE\s+FROM)\s+([a-z_][a-z0-9_]*)`)
	readRE   = lazyre.New(`(?i)\b(?:FROM|JOIN)\s+([a-z_][a-z0-9_]*)`)
)

// parseModel finds the tables one SQL file creates, changes and reads;
// known limits the reads to real tables (CTE names are not dependencies).
func parseModel(name, body string, known map[string]bool) sqlModel {
	body = stripSQLComments(withRepeatQueries(name, body))
	m := sqlModel{name: name}
	for _, g := range createRE.FindAllStringSubmatch(body, -1) {
		m.creates = appendUnique(m.creates, strings.ToLower(g[1]))
	}
	for _, g := range mutateRE.FindAllStringSubmatch(body, -1) {
		m.mutates = appendUnique(m.mutates, strings.ToLower(g[1]))
	}
	// "DELETE FROM t" names a target, not a read.
	body = mutateRE.ReplaceAllString(body, " ")
	for _, g := range readRE.FindAllStringSubmatch(body, -1) {
		t := strings.ToLower(g[1])
		if known[t] {
			m.reads = appendUnique(m.reads, t)
		}
	}
	return m
}

// withRepeatQueries returns body with each repeat block's query (written in
// a "-- wagescope:for" comment, run by the runner) added as a statement, and
// each Go step's SQL in place of its line, so the tables they read are
// dependencies too. A script that does not parse is
// returned as it is: running it reports the error.
func withRepeatQueries(name, body string) string {
	parts, err := sqlscript.Parse(name, body)
	if err != nil {
		return body
	}
	var b strings.Builder
	for _, p := range parts {
		if p.Step != "" {
			sql, _ := store.GoStepSQL(p.Step) // an unknown step fails when run
			b.WriteString(sql)
			continue
		}
		if p.Repeated() {
			b.WriteString(p.Query + ";\n")
		}
		b.WriteString(p.SQL)
	}
	return b.String()
}

// stripSQLComments drops "--" comments and blanks string literals, so
// neither can be taken for a table name.
func stripSQLComments(s string) string {
	var b strings.Builder
	inString := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\'':
			inString = !inString
		case inString:
			c = ' '
		case c == '-' && i+1 < len(s) && s[i+1] == '-':
			for i < len(s) && s[i] != '\n' {
				i++
			}
			if i < len(s) {
				b.WriteByte('\n')
			}
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// loadModels parses the staging and mart files in the order they run.
// tables are the tables the database holds before they run (schema, raw,
// maps, reference, settings); tables the models create are added.
func loadModels(tables []string) ([]sqlModel, error) {
	var names []string
	for _, dir := range []string{"staging", "marts"} {
		files, err := store.SQLFiles(dir)
		if err != nil {
			return nil, err
		}
		names = append(names, files...)
	}
	bodies := make([]string, len(names))
	known := map[string]bool{}
	for _, t := range tables {
		known[strings.ToLower(t)] = true
	}
	for i, name := range names {
		b, err := fs.ReadFile(queries.FS, name)
		if err != nil {
			return nil, fmt.Errorf("read queries/%s: %w", name, err)
		}
		bodies[i] = string(b)
		for _, g := range createRE.FindAllStringSubmatch(stripSQLComments(bodies[i]), -1) {
			known[strings.ToLower(g[1])] = true
		}
	}
	models := make([]sqlModel, len(names))
	for i, name := range names {
		models[i] = parseModel(name, bodies[i], known)
	}
	return models, nil
}

// notDependencies are tables every staging model joins by its own raw rows'
// source_file_id: a changed file shows up through its raw table, so their
// other rows changing does not make a model stale.
var notDependencies = map[string]bool{"source_files": true, "runs": true}

// planRebuild returns the models that must run when the tables in changed
// hold new rows. A model runs when it reads (or changes) a table that
// changed or that an earlier running model rewrote; a model that changes a
// table an earlier model created makes that creator run too, since its
// change is not idempotent (ALTER TABLE ADD COLUMN, INSERT) on a table
// kept from the published database. Models with no table (macros) always
// run: they are cheap and their definitions must match this binary.
func planRebuild(models []sqlModel, changed map[string]bool) map[string]bool {
	creator := map[string]int{}
	for i, m := range models {
		for _, t := range m.creates {
			if _, ok := creator[t]; !ok {
				creator[t] = i
			}
		}
	}
	run := map[string]bool{}
	for {
		dirty := map[string]bool{}
		for t, ok := range changed {
			if ok && !notDependencies[t] {
				dirty[t] = true
			}
		}
		for i, m := range models {
			need := run[m.name] || (len(m.creates) == 0 && len(m.mutates) == 0)
			for _, t := range m.reads {
				need = need || dirty[t]
			}
			for _, t := range m.mutates {
				if c, ok := creator[t]; ok && c < i {
					need = need || dirty[t] // rewritten by its creator: change it again
				}
			}
			if !need {
				continue
			}
			run[m.name] = true
			for _, t := range append(append([]string{}, m.creates...), m.mutates...) {
				dirty[t] = true
			}
		}
		grew := false
		for i, m := range models {
			if !run[m.name] {
				continue
			}
			for _, t := range m.mutates {
				if c, ok := creator[t]; ok && c < i && !run[models[c].name] {
					run[models[c].name] = true
					grew = true
				}
			}
		}
		if !grew {
			return run
		}
	}
}

// ingestedSets are the raw tables' source file sets after ingest, read
// once (normalize and changedInputs both ask).
func (b *build) ingestedSets(ctx context.Context) (map[string]string, error) {
	if b.ingestedFileSets == nil {
		sets, err := b.db.SourceFileSets(ctx, rawTables)
		if err != nil {
			return nil, err
		}
		b.ingestedFileSets = sets
	}
	return b.ingestedFileSets, nil
}

// changedInputs are the tables the staging models read that this build
// changed: raw tables whose set of source files differs from the published
// database's, the maps when normalize ran, run_settings when a setting
// changed. It returns nil (rebuild everything) when the build did not start
// from the published database.
func (b *build) changedInputs(ctx context.Context) (map[string]bool, error) {
	if !b.fromPublished || b.opt.Force || !b.only[StageIngest] || b.publishedFileSets == nil {
		return nil, nil
	}
	now, err := b.ingestedSets(ctx)
	if err != nil {
		return nil, err
	}
	changed := map[string]bool{}
	for _, t := range rawTables {
		if now[t] != b.publishedFileSets[t] {
			changed[t] = true
		}
	}
	if b.normalized {
		maps, err := b.db.TablesLike(ctx, "map_%")
		if err != nil {
			return nil, err
		}
		for _, t := range maps {
			changed[t] = true
		}
	}
	same, err := b.db.SettingsEqual(ctx, b.settings())
	if err != nil {
		return nil, err
	}
	if !same {
		changed["run_settings"] = true
	}
	if same, err = b.db.SourceOrderEqual(ctx, b.sourceOrder()); err != nil {
		return nil, err
	}
	if !same {
		changed["run_source_order"] = true
	}
	return changed, nil
}

// planModels decides which staging and mart files this build runs: all of
// them unless the build is incremental.
func (b *build) planModels(ctx context.Context) error {
	changed, err := b.changedInputs(ctx)
	if err != nil || changed == nil {
		return err
	}
	tables, err := b.db.TablesLike(ctx, "%")
	if err != nil {
		return err
	}
	models, err := loadModels(tables)
	if err != nil {
		return err
	}
	b.models = planRebuild(models, changed)
	b.postingsStaleInputs = staleInputs(models, b.models, changed, postingsModel)
	return nil
}

// staleInputs are the tables the model named reads that changed or that
// another model in run writes before it.
func staleInputs(models []sqlModel, run, changed map[string]bool, name string) []string {
	written := map[string]bool{}
	for _, m := range models {
		if m.name == name {
			var stale []string
			for _, t := range m.reads {
				if changed[t] || written[t] {
					stale = append(stale, t)
				}
			}
			return stale
		}
		if run[m.name] {
			for _, t := range append(append([]string(nil), m.creates...), m.mutates...) {
				written[t] = true
			}
		}
	}
	return nil
}
