package reports

import (
	"strconv"
	"strings"
)

// figure is one chart with its data table, notes and source lines: every
// chart on the site is drawn through it, so none lacks its table, units or
// sources.
type figure struct {
	ID      string // element id of the figure, fixed per page
	Heading string // h3 above the figure; "" for none
	Chart   *chartBlock
	Second  *chartBlock // drawn under Chart, from the same table (the states' bars under their map)
	Table   *dataTable
	Notes   []string
	Sources []string
}

// dataTable is a figure's data as an HTML table; the page's script turns it
// into a CSV download, so the numbers in a download are the ones shown.
type dataTable struct {
	ID        string // element id, fixed per page
	Caption   string
	CSVName   string // file name the download is saved as
	Head      []tableCell
	Rows      [][]tableCell
	Collapsed bool // long tables start folded under a summary
}

// tableCell is one cell. Raw is the unformatted value a CSV download gets
// ("60780" for "$60,780"); Span merges cells of a row (suppressed values).
type tableCell struct {
	Text     string
	Raw      string
	Num      bool
	TopCoded bool // Raw is a top-code bound: the download names its column in top_coded
	Span     int
	Href     string // a link within the site
	Class    string // extra class: "suppressed"
}

// text is a plain cell.
func text(s string) tableCell { return tableCell{Text: s} }

// numCell is a right-aligned cell with its raw value for downloads.
func numCell(s string, v *float64) tableCell {
	c := tableCell{Text: s, Num: true}
	if finite(v) {
		c.Raw = strconv.FormatFloat(*v, 'f', -1, 64)
	}
	return c
}

// usdCell is a dollar figure per year, "≥" marked when top-coded.
func usdCell(v *float64, topCoded bool) tableCell { return perYear.cell(v, topCoded) }

// countCell is a whole-number figure.
func countCell(v *float64) tableCell { return numCell(count(v), v) }

// intCell is a count held as an integer (postings).
func intCell(n *int64) tableCell {
	if n == nil {
		return tableCell{Text: dash, Num: true}
	}
	v := float64(*n)
	return numCell(strconv.FormatInt(*n, 10), &v)
}

// suppressedCells stands for the pay columns of a suppressed cell: a
// label, never a value.
func suppressedCells(span int) tableCell {
	return tableCell{Text: "suppressed", Span: span, Class: "suppressed"}
}

// heads builds a header row; a name starting with "#" is a numeric column.
func heads(names ...string) []tableCell {
	out := make([]tableCell, len(names))
	for i, n := range names {
		if strings.HasPrefix(n, "#") {
			out[i] = tableCell{Text: n[1:], Num: true}
		} else {
			out[i] = tableCell{Text: n}
		}
	}
	return out
}

// figureTemplates renders figures and tables; every page kind includes them.
const figureTemplates = `{{define "figure"}}<figure class="fig" id="{{.ID}}">
{{if .Heading}}<h3>{{.Heading}}</h3>
{{end}}<div class="pair">
{{if .Chart}}<div class="charts">
{{template "chart" .Chart}}
{{with .Second}}{{template "chart" .}}
{{end}}</div>
{{end}}{{with .Table}}{{template "table" .}}{{end}}</div>
{{range .Notes}}<p class="note">{{.}}</p>
{{end}}{{if .Sources}}<figcaption class="sources">{{if eq (len .Sources) 1}}{{index .Sources 0}}{{else}}Sources:<ul>
{{range .Sources}}<li>{{sourceItem .}}</li>
{{end}}</ul>{{end}}</figcaption>
{{end}}</figure>
{{end}}
{{define "table"}}<div class="data">
<button type="button" class="csv-download" data-table="{{.ID}}" data-file="{{.CSVName}}">Download CSV</button>
{{if .Collapsed}}<details><summary>Data table ({{len .Rows}} rows)</summary>
{{end}}<table id="{{.ID}}">
{{if .Caption}}<caption class="muted">{{.Caption}}</caption>
{{end}}<thead><tr>{{range .Head}}<th{{if .Num}} class="num"{{end}}>{{.Text}}</th>{{end}}</tr></thead>
<tbody>
{{range .Rows}}<tr>{{range .}}<td{{if .Num}} class="num"{{else if .Class}} class="{{.Class}}"{{end}}{{if .Raw}} data-v="{{.Raw}}"{{end}}{{if .TopCoded}} data-top-coded{{end}}{{if gt .Span 1}} colspan="{{.Span}}"{{end}}>{{if .Href}}<a href="{{.Href}}">{{.Text}}</a>{{else}}{{.Text}}{{end}}</td>{{end}}</tr>
{{end}}</tbody>
</table>
{{if .Collapsed}}</details>
{{end}}</div>
{{end}}`
