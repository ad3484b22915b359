package store

import (
	"context"

	"github.com/wagescope/wagescope/pipeline/normalize"
)

// PlaceRefs returns the states and metros (with their principal cities) the
// place parser resolves against, from ref_states, ref_metros and
// ref_metro_cities (data/*.csv).
func (d *DB) PlaceRefs(ctx context.Context) ([]normalize.StateRef, []normalize.MetroRef, error) {
	srows, err := d.DistinctRows(ctx, `SELECT state_fips, state_postal, state_name FROM ref_states ORDER BY state_fips`)
	if err != nil {
		return nil, nil, err
	}
	states := make([]normalize.StateRef, len(srows))
	for i, r := range srows {
		states[i] = normalize.StateRef{FIPS: r[0], Postal: r[1], Name: r[2]}
	}
	mrows, err := d.DistinctRows(ctx, `
		SELECT m.cbsa_code, m.cbsa_title, m.kind, c.city, c.state
		FROM ref_metros AS m LEFT JOIN ref_metro_cities AS c USING (cbsa_code)
		ORDER BY m.cbsa_code, c.city, c.state`)
	if err != nil {
		return nil, nil, err
	}
	var metros []normalize.MetroRef
	for _, r := range mrows {
		if len(metros) == 0 || metros[len(metros)-1].CBSA != r[0] {
			metros = append(metros, normalize.MetroRef{CBSA: r[0], Title: r[1], Kind: r[2]})
		}
		if r[3] != "" {
			m := &metros[len(metros)-1]
			m.Cities = append(m.Cities, normalize.CityRef{City: r[3], State: r[4]})
		}
	}
	return states, metros, nil
}
