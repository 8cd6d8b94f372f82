package k8sschema

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation"
	kjson "sigs.k8s.io/json"

	"github.com/sfbench/sfbench/cluster"
)

// manifests are the golden manifests of package cluster and of the CLI,
// and a few generated here.
func manifests(t *testing.T) map[string][]byte {
	t.Helper()
	m := map[string][]byte{}
	for _, pattern := range []string{"../testdata/*.k8s.yaml", "../../cli/testdata/submit-k8s*.yaml"} {
		files, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			m[f] = b
		}
	}
	if len(m) < 3 {
		t.Fatalf("found %d golden manifests; run go test ./cluster ./cli -update in the sfbench module", len(m))
	}
	for _, n := range []int{1, 2, 1000} {
		j := cluster.Job{Binary: "sfbench", Suite: "/etc/sfbench/suite.yaml", SuiteName: "Some Suite_" + fmt.Sprint(n),
			Out: "runs/x", Shards: n, Workers: 4}
		b, err := j.K8s(cluster.Kubernetes{Image: "sfbench:1", PVC: "rwx", SuiteYAML: "suite: x\n", Token: "t1", Deadline: 60})
		if err != nil {
			t.Fatal(err)
		}
		m[fmt.Sprintf("generated, %d shards", n)] = b
	}
	return m
}

func TestManifests(t *testing.T) {
	for name, text := range manifests(t) {
		t.Run(name, func(t *testing.T) {
			objs, err := decode(text)
			if err != nil {
				t.Fatal(err)
			}
			if err := check(objs); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestStrict makes sure that the decoding refuses what the API server's
// strict validation refuses, so that TestManifests means something.
func TestStrict(t *testing.T) {
	good := "apiVersion: batch/v1\nkind: Job\nmetadata: {name: a}\nspec:\n  completionMode: Indexed\n  completions: 2\n" +
		"  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: c, image: i}]\n"
	if objs, err := decode([]byte(good)); err != nil || check(objs) != nil {
		t.Fatalf("the good Job: %v, %v", err, check(objs))
	}
	for _, c := range []struct{ name, from, to string }{
		{"unknown field", "completions: 2", "completions: 2\n  completion: 2"},
		{"wrong case", "completions: 2", "Completions: 2"},
		{"wrong type", "completions: 2", "completions: two"},
		{"duplicate field", "completions: 2", "completions: 2\n  completions: 3"},
		{"unknown kind", "kind: Job", "kind: CronJob"},
		{"bad restart policy", "Never", "Always"},
		{"indexed without completions", "  completions: 2\n", ""},
		{"no image", ", image: i", ""},
		{"bad name", "name: a}", "name: A_b}"},
		{"bad quantity", "image: i}", "image: i, resources: {requests: {cpu: lots}}}"},
		{"mount of no volume", "image: i}", "image: i, volumeMounts: [{name: v, mountPath: /v}]}"},
	} {
		t.Run(c.name, func(t *testing.T) {
			bad := strings.Replace(good, c.from, c.to, 1)
			if bad == good {
				t.Fatalf("%q not in the good Job", c.from)
			}
			objs, err := decode([]byte(bad))
			if err == nil {
				err = check(objs)
			}
			if err == nil {
				t.Errorf("accepted:\n%s", bad)
			}
		})
	}
}

// decode splits a YAML stream into its documents and decodes each, as
// JSON, strictly into the official type its apiVersion and kind name.
func decode(text []byte) ([]any, error) {
	dec := yaml.NewDecoder(bytes.NewReader(text))
	var objs []any
	for i := 1; ; i++ {
		var doc any
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("document %d: %v", i, err)
		}
		js, err := json.Marshal(doc)
		if err != nil {
			return nil, fmt.Errorf("document %d: %v", i, err)
		}
		var tm struct{ APIVersion, Kind string }
		if err := json.Unmarshal(js, &tm); err != nil {
			return nil, fmt.Errorf("document %d: %v", i, err)
		}
		var obj any
		switch tm.APIVersion + " " + tm.Kind {
		case "v1 ConfigMap":
			obj = &corev1.ConfigMap{}
		case "batch/v1 Job":
			obj = &batchv1.Job{}
		default:
			return nil, fmt.Errorf("document %d: unexpected %s %s", i, tm.APIVersion, tm.Kind)
		}
		strict, err := kjson.UnmarshalStrict(js, obj, kjson.DisallowDuplicateFields, kjson.DisallowUnknownFields)
		if err != nil {
			return nil, fmt.Errorf("document %d (%s): %v", i, tm.Kind, err)
		}
		if len(strict) > 0 {
			return nil, fmt.Errorf("document %d (%s): %v", i, tm.Kind, errors.Join(strict...))
		}
		objs = append(objs, obj)
	}
	return objs, nil
}

// check applies the API server's rules for the fields the manifests set.
func check(objs []any) error {
	maps := map[string]*corev1.ConfigMap{}
	for _, o := range objs {
		if cm, ok := o.(*corev1.ConfigMap); ok {
			maps[cm.Name] = cm
		}
	}
	for _, o := range objs {
		var err error
		switch o := o.(type) {
		case *corev1.ConfigMap:
			err = checkConfigMap(o)
		case *batchv1.Job:
			err = checkJob(o, maps)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func dns(what, name string, label bool) error {
	errs := validation.IsDNS1123Subdomain(name)
	if label {
		errs = validation.IsDNS1123Label(name)
	}
	if len(errs) > 0 {
		return fmt.Errorf("%s %q: %s", what, name, strings.Join(errs, "; "))
	}
	return nil
}

func checkConfigMap(cm *corev1.ConfigMap) error {
	if err := dns("ConfigMap name", cm.Name, false); err != nil {
		return err
	}
	for key := range cm.Data {
		if errs := validation.IsConfigMapKey(key); len(errs) > 0 {
			return fmt.Errorf("ConfigMap %s: key %q: %s", cm.Name, key, strings.Join(errs, "; "))
		}
	}
	return nil
}

func checkJob(j *batchv1.Job, maps map[string]*corev1.ConfigMap) error {
	// A Job's name becomes a label value of its pods: a DNS label.
	if err := dns("Job name", j.Name, true); err != nil {
		return err
	}
	for k, v := range j.Labels {
		if errs := append(validation.IsQualifiedName(k), validation.IsValidLabelValue(v)...); len(errs) > 0 {
			return fmt.Errorf("Job %s: label %s=%s: %s", j.Name, k, v, strings.Join(errs, "; "))
		}
	}
	s := j.Spec
	if s.CompletionMode != nil && *s.CompletionMode == batchv1.IndexedCompletion {
		if s.Completions == nil || *s.Completions < 1 || *s.Completions > 100000 {
			return fmt.Errorf("Job %s: an Indexed Job needs completions in 1..100000", j.Name)
		}
	} else if s.CompletionMode != nil && *s.CompletionMode != batchv1.NonIndexedCompletion {
		return fmt.Errorf("Job %s: completionMode %q", j.Name, *s.CompletionMode)
	}
	for what, p := range map[string]*int32{"completions": s.Completions, "parallelism": s.Parallelism, "backoffLimit": s.BackoffLimit} {
		if p != nil && *p < 0 {
			return fmt.Errorf("Job %s: negative %s", j.Name, what)
		}
	}
	if s.ActiveDeadlineSeconds != nil && *s.ActiveDeadlineSeconds <= 0 {
		return fmt.Errorf("Job %s: activeDeadlineSeconds must be positive", j.Name)
	}
	pod := s.Template.Spec
	if pod.RestartPolicy != corev1.RestartPolicyNever && pod.RestartPolicy != corev1.RestartPolicyOnFailure {
		return fmt.Errorf("Job %s: restartPolicy %q (a Job's pods need Never or OnFailure)", j.Name, pod.RestartPolicy)
	}
	if len(pod.Containers) == 0 {
		return fmt.Errorf("Job %s: no containers", j.Name)
	}
	volumes := map[string]bool{}
	for _, v := range pod.Volumes {
		if err := dns("volume name", v.Name, true); err != nil {
			return err
		}
		sources := 0
		if v.ConfigMap != nil {
			sources++
			if maps[v.ConfigMap.Name] == nil {
				return fmt.Errorf("Job %s: volume %s names ConfigMap %s, not in the manifest", j.Name, v.Name, v.ConfigMap.Name)
			}
		}
		if v.PersistentVolumeClaim != nil {
			sources++
			if v.PersistentVolumeClaim.ClaimName == "" {
				return fmt.Errorf("Job %s: volume %s has no claimName", j.Name, v.Name)
			}
		}
		if sources != 1 {
			return fmt.Errorf("Job %s: volume %s has %d sources", j.Name, v.Name, sources)
		}
		volumes[v.Name] = true
	}
	for _, c := range pod.Containers {
		if err := dns("container name", c.Name, true); err != nil {
			return err
		}
		if c.Image == "" {
			return fmt.Errorf("Job %s: container %s has no image", j.Name, c.Name)
		}
		for _, e := range c.Env {
			if errs := validation.IsEnvVarName(e.Name); len(errs) > 0 {
				return fmt.Errorf("Job %s: env %q: %s", j.Name, e.Name, strings.Join(errs, "; "))
			}
		}
		for _, m := range c.VolumeMounts {
			if !volumes[m.Name] {
				return fmt.Errorf("Job %s: container %s mounts %s, which is no volume", j.Name, c.Name, m.Name)
			}
			if !strings.HasPrefix(m.MountPath, "/") {
				return fmt.Errorf("Job %s: mountPath %q is not absolute", j.Name, m.MountPath)
			}
		}
	}
	return nil
}
