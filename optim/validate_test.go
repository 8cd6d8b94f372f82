package optim

import (
	"errors"
	"slices"
	"testing"
)

// TestSettingErrors: a setting out of range is a SettingError naming it
// (and its other name), through any wrapping, with the message unchanged.
func TestSettingErrors(t *testing.T) {
	for _, tc := range []struct {
		name    string
		err     error
		setting string
		also    []string
		msg     string
	}{
		{"range", positive("adamw", "eps", -1), "eps", nil, "optim: adamw: eps must be finite and > 0, got -1"},
		{"two names", openUnit("sf-sgd", "beta1 (momentum)", 2), "beta1", []string{"momentum"}, "optim: sf-sgd: beta1 (momentum) must be in (0, 1), got 2"},
		{"schedule", StepDecay{Every: 0, Gamma: 0.5}.Validate(), "every", nil, "step decay: every must be at least 1, got 0"},
		{"wrapped", func() error { _, err := NewReferenceSF(SFConfig{Beta1: 3}); return err }(), "beta1", []string{"momentum"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var se *SettingError
			if !errors.As(tc.err, &se) || se.Setting != tc.setting || !slices.Equal(se.Also, tc.also) {
				t.Fatalf("%v: not a SettingError of %s %v (%+v)", tc.err, tc.setting, tc.also, se)
			}
			if tc.msg != "" && tc.err.Error() != tc.msg {
				t.Errorf("message %q, want %q", tc.err.Error(), tc.msg)
			}
		})
	}
}
