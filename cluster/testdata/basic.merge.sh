#!/bin/sh
# sfbench submit: merges the 3 shards of suite my into the results folder and writes its report;
# submitted with --dependency=afterok on the array, so it runs once every task succeeded.
#SBATCH --job-name=sfbench-my-merge
#SBATCH --cpus-per-task=1
set -eu
cd /home/me
out=/scratch/out/my
set --
k=1
while [ "$k" -le 3 ]; do set -- "$@" "$out/shard-$k"; k=$((k + 1)); done
exec /opt/sfbench/bin/sfbench merge -o "$out" "$@"
