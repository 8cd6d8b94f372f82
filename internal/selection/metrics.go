package selection

import "strings"

// DefaultMetrics are the metrics reported (and compared) when a suite
// names none: the first of these a problem reports. Accuracies come before
// losses, the held-out split before the training one.
var DefaultMetrics = []string{"test_acc", "train_acc", "test_loss", "train_loss"}

// GoalOf is "max" for an accuracy (a name ending in _acc) and "min" for
// everything else.
func GoalOf(metric string) string {
	if strings.HasSuffix(metric, "_acc") {
		return "max"
	}
	return "min"
}

// SelectBy is the metric a rate is selected by when metric is reported: a
// test metric is never its own selector where a twin exists, so it is
// selected by its validation twin (val_*), or else its training twin
// (train_*), the first of them reported says exists; any other metric
// selects itself.
func SelectBy(metric string, reported func(string) bool) string {
	if rest, ok := strings.CutPrefix(metric, "test_"); ok {
		for _, twin := range []string{"val_" + rest, "train_" + rest} {
			if reported(twin) {
				return twin
			}
		}
	}
	return metric
}
