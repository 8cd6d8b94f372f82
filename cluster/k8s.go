package cluster

import (
	"bytes"
	"fmt"
	"path"
	"strings"

	"gopkg.in/yaml.v3"
)

// Kubernetes settings of a job, beside Job's own.
type Kubernetes struct {
	Image       string // the container image, with sfbench on its PATH (Job.Binary names it)
	PVC         string // the PersistentVolumeClaim the results go to (ReadWriteMany for parallel pods)
	Namespace   string // "" leaves it to kubectl
	Parallelism int    // pods at once; 0 means all shards
	Deadline    int64  // activeDeadlineSeconds of the merge Job (how long it waits for the shards); 0 none
	SuiteYAML   string // the suite's text, for the ConfigMap
	// Token names this submission's completion markers, so that markers of
	// an earlier submission never start this one's merge (a time stamp).
	Token string
}

// Mount points in the pods.
const (
	K8sSuiteDir   = "/etc/sfbench"
	K8sSuiteFile  = "suite.yaml"
	K8sResultsDir = "/results"
)

// K8sOut is where the results folder out (relative to the volume) is in a
// pod.
func K8sOut(out string) string { return path.Join(K8sResultsDir, out) }

// K8sNames are the objects' names.
type K8sNames struct{ ConfigMap, Shards, Merge string }

// Names are the names of j's objects: sfbench-<suite>-suite, -shards and
// -merge, the suite's name made a DNS label.
func (j Job) K8sNames() K8sNames {
	base := "sfbench-" + label(j.SuiteName, 40)
	return K8sNames{ConfigMap: base + "-suite", Shards: base + "-shards", Merge: base + "-merge"}
}

// The manifests' types: the fields of core/v1 and batch/v1 that sfbench
// sets, in the API's order and spelling (tests decode the output strictly
// into the official types).
type (
	k8sMeta struct {
		Name      string            `yaml:"name,omitempty"`
		Namespace string            `yaml:"namespace,omitempty"`
		Labels    map[string]string `yaml:"labels,omitempty"`
	}
	k8sConfigMap struct {
		APIVersion string            `yaml:"apiVersion"`
		Kind       string            `yaml:"kind"`
		Metadata   k8sMeta           `yaml:"metadata"`
		Data       map[string]string `yaml:"data"`
	}
	k8sJob struct {
		APIVersion string     `yaml:"apiVersion"`
		Kind       string     `yaml:"kind"`
		Metadata   k8sMeta    `yaml:"metadata"`
		Spec       k8sJobSpec `yaml:"spec"`
	}
	k8sJobSpec struct {
		CompletionMode        string         `yaml:"completionMode"`
		Completions           int            `yaml:"completions"`
		Parallelism           int            `yaml:"parallelism"`
		BackoffLimit          int            `yaml:"backoffLimit"`
		ActiveDeadlineSeconds int64          `yaml:"activeDeadlineSeconds,omitempty"`
		Template              k8sPodTemplate `yaml:"template"`
	}
	k8sPodTemplate struct {
		Metadata k8sMeta    `yaml:"metadata"`
		Spec     k8sPodSpec `yaml:"spec"`
	}
	k8sPodSpec struct {
		RestartPolicy string         `yaml:"restartPolicy"`
		Containers    []k8sContainer `yaml:"containers"`
		Volumes       []k8sVolume    `yaml:"volumes"`
	}
	k8sContainer struct {
		Name         string        `yaml:"name"`
		Image        string        `yaml:"image"`
		Command      []string      `yaml:"command"`
		Env          []k8sEnv      `yaml:"env,omitempty"`
		Resources    k8sResources  `yaml:"resources"`
		VolumeMounts []k8sVolMount `yaml:"volumeMounts"`
	}
	k8sEnv struct {
		Name  string `yaml:"name"`
		Value string `yaml:"value"`
	}
	k8sResources struct {
		Requests map[string]string `yaml:"requests"`
	}
	k8sVolMount struct {
		Name      string `yaml:"name"`
		MountPath string `yaml:"mountPath"`
		ReadOnly  bool   `yaml:"readOnly,omitempty"`
	}
	k8sVolume struct {
		Name                  string        `yaml:"name"`
		ConfigMap             *k8sCMSource  `yaml:"configMap,omitempty"`
		PersistentVolumeClaim *k8sPVCSource `yaml:"persistentVolumeClaim,omitempty"`
	}
	k8sCMSource struct {
		Name string `yaml:"name"`
	}
	k8sPVCSource struct {
		ClaimName string `yaml:"claimName"`
	}
)

// K8s returns j's manifests as one YAML stream: the ConfigMap with the
// suite, the Indexed Job of the shards (pod i runs shard i+1/N into
// shard-(i+1) on the volume, then leaves a completion marker), and the merge
// Job, which waits for every marker of this submission (k.Token) and
// merges the shards into the results folder. Applying it again after a
// failure resumes: the shards keep their finished cells.
func (j Job) K8s(k Kubernetes) ([]byte, error) {
	names := j.K8sNames()
	out := K8sOut(j.Out)
	par := k.Parallelism
	if par < 1 || par > j.Shards {
		par = j.Shards
	}
	labels := map[string]string{"app.kubernetes.io/name": "sfbench", "sfbench/suite": label(j.SuiteName, 63)}
	meta := func(name string) k8sMeta { return k8sMeta{Name: name, Namespace: k.Namespace, Labels: labels} }
	suite := path.Join(K8sSuiteDir, K8sSuiteFile)
	marker := func(shard string) string { return out + "/done/" + k.Token + ".shard-" + shard }
	var env []k8sEnv
	for _, e := range j.Env {
		env = append(env, k8sEnv{e.Name, e.Value})
	}
	results := k8sVolMount{Name: "results", MountPath: K8sResultsDir}
	resultsVol := k8sVolume{Name: "results", PersistentVolumeClaim: &k8sPVCSource{ClaimName: k.PVC}}
	mounts := []k8sVolMount{{Name: "suite", MountPath: K8sSuiteDir, ReadOnly: true}, results}
	volumes := []k8sVolume{{Name: "suite", ConfigMap: &k8sCMSource{Name: names.ConfigMap}}, resultsVol}

	shardScript := strings.Join([]string{
		"set -eu",
		"k=$((JOB_COMPLETION_INDEX + 1))",
		fmt.Sprintf("%s run -quiet -j %d -shard \"$k/%d\" -o %s\"/shard-$k\" %s",
			Quote(j.Binary), j.workers(), j.Shards, Quote(out), Quote(suite)),
		"mkdir -p " + Quote(out+"/done"),
		"touch " + Quote(marker("")) + "\"$k\"",
	}, "\n") + "\n"
	mergeScript := strings.Join([]string{
		"set -eu",
		"out=" + Quote(out),
		"set --",
		"k=1",
		fmt.Sprintf("while [ \"$k\" -le %d ]; do", j.Shards),
		"  until [ -e " + Quote(marker("")) + "\"$k\" ]; do sleep 10; done",
		"  set -- \"$@\" \"$out/shard-$k\"",
		"  k=$((k + 1))",
		"done",
		Quote(j.Binary) + " merge -o \"$out\" \"$@\"",
	}, "\n") + "\n"

	cpu := map[string]string{"cpu": fmt.Sprint(j.workers())}
	docs := []any{
		k8sConfigMap{APIVersion: "v1", Kind: "ConfigMap", Metadata: meta(names.ConfigMap),
			Data: map[string]string{K8sSuiteFile: k.SuiteYAML}},
		k8sJob{APIVersion: "batch/v1", Kind: "Job", Metadata: meta(names.Shards), Spec: k8sJobSpec{
			CompletionMode: "Indexed", Completions: j.Shards, Parallelism: par, BackoffLimit: 2 * j.Shards,
			Template: k8sPodTemplate{Metadata: k8sMeta{Labels: labels}, Spec: k8sPodSpec{
				RestartPolicy: "Never",
				Containers: []k8sContainer{{Name: "shard", Image: k.Image, Command: []string{"sh", "-c", shardScript},
					Env: env, Resources: k8sResources{Requests: cpu}, VolumeMounts: mounts}},
				Volumes: volumes,
			}},
		}},
		k8sJob{APIVersion: "batch/v1", Kind: "Job", Metadata: meta(names.Merge), Spec: k8sJobSpec{
			CompletionMode: "NonIndexed", Completions: 1, Parallelism: 1, BackoffLimit: 2,
			ActiveDeadlineSeconds: k.Deadline,
			Template: k8sPodTemplate{Metadata: k8sMeta{Labels: labels}, Spec: k8sPodSpec{
				RestartPolicy: "Never",
				Containers: []k8sContainer{{Name: "merge", Image: k.Image, Command: []string{"sh", "-c", mergeScript},
					Env: env, Resources: k8sResources{Requests: map[string]string{"cpu": "1"}}, VolumeMounts: []k8sVolMount{results}}},
				Volumes: []k8sVolume{resultsVol},
			}},
		}},
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "# sfbench submit -engine k8s: suite %s in %d shards on volume %q, folder %q.\n",
		label(j.SuiteName, 60), j.Shards, k.PVC, j.Out)
	fmt.Fprintf(&b, "# kubectl apply -f THIS; kubectl wait --for=condition=complete --timeout=-1s job/%s\n", names.Merge)
	fmt.Fprintf(&b, "# After a failure: kubectl delete job %s %s, then apply again (shards resume).\n", names.Shards, names.Merge)
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	for _, d := range docs {
		if err := enc.Encode(d); err != nil {
			return nil, err
		}
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
