// Package browsertest drives a real headless Chromium from tests, to check
// that the static report pages work as a person opens them: from file://,
// with no network. New starts one browser per test (or skips, or fails when
// CI=true, if no Chromium is installed); each page opens in a new tab and
// records what went wrong while it loaded and ran: console errors, uncaught
// exceptions, browser log errors, every request that left the file system,
// and JavaScript dialogs, which it dismisses. Result adds the state of every
// div.chart (ECharts instance, drawn canvas, data points), Screenshot saves a
// full-page PNG, and SendKeys, ClearInput and Eval let a test use the page.
// It is built on github.com/chromedp/chromedp and is meant for tests only.
package browsertest
