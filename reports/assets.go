package reports

import (
	_ "embed"
	"path/filepath"
)

// EChartsVersion is the version of the shipped assets/echarts.min.js (npm package echarts).
const EChartsVersion = "5.6.0"

// echartsJS is the minified ECharts browser build; see assets/README.md.
//
//go:embed assets/echarts.min.js
var echartsJS []byte

// echartsLicense and echartsNotice travel with the script, as its license requires.
//
//go:embed assets/ECHARTS_LICENSE.txt
var echartsLicense []byte

//go:embed assets/ECHARTS_NOTICE.txt
var echartsNotice []byte

// siteJS and siteCSS are the pages' own script and stylesheet, shared by
// every page instead of repeated in each.
//
//go:embed assets/wagescope.js
var siteJS []byte

//go:embed assets/wagescope.css
var siteCSS []byte

// assetDir is the site folder the assets go to; pages link to it relatively.
const assetDir = "assets"

// echartsPath is the script's path from the site root.
const echartsPath = assetDir + "/echarts.min.js"

// writeAssets writes the shipped assets once into <outDir>/assets.
func (w *siteWriter) writeAssets() error {
	files := []struct {
		name string
		data []byte
	}{
		{"echarts.min.js", echartsJS},
		{"ECHARTS_LICENSE.txt", echartsLicense},
		{"ECHARTS_NOTICE.txt", echartsNotice},
		{"wagescope.js", siteJS},
		{"wagescope.css", siteCSS},
	}
	for _, f := range files {
		if err := w.write(filepath.Join(assetDir, f.name), f.data); err != nil {
			return err
		}
	}
	return nil
}
