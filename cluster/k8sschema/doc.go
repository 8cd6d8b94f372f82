// Package k8sschema holds the test that checks sfbench's Kubernetes
// manifests (package cluster, sfbench submit -engine k8s) against the
// official API types: each document of each manifest is decoded strictly
// (unknown, misspelt or duplicated fields are errors, as the API server's
// strict field validation has them) into k8s.io/api's core/v1 ConfigMap or
// batch/v1 Job, and then checked for what the API server's validation
// requires of those fields (names, an Indexed Job's completions, a pod's
// restart policy, containers, volumes and mounts).
//
// It is a module of its own so that the sfbench module does not depend on
// k8s.io/api (tens of MB, and a minute to compile per build mode) for one
// test: make test-k8s runs it.
package k8sschema
