#!/bin/sh
# sfbench submit: merges the 8 shards of suite paper-convex-v2 into the results folder and writes its report;
# submitted with --dependency=afterok on the array, so it runs once every task succeeded.
#SBATCH --job-name=sfbench-paper-convex-v2-merge
#SBATCH --cpus-per-task=1
set -eu
cd '/home/me/a b'
export SFBENCH_DATA='/data/it'\''s'
export SFBENCH_SIMD=off
out='/scratch/o'\''ut "q"/$(rm -rf)'
set --
k=1
while [ "$k" -le 8 ]; do set -- "$@" "$out/shard-$k"; k=$((k + 1)); done
exec '/opt/it'\''s here/sfbench' merge -o "$out" "$@"
