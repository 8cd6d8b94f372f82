#!/bin/sh
# sfbench submit: suite my in 3 shards; array task k runs shard k/3 into shard-k.
# Submitting again with the same arguments resumes: finished cells are kept.
#SBATCH --job-name=sfbench-my
#SBATCH --array=1-3
#SBATCH --cpus-per-task=1
set -eu
cd /home/me
k=$((SLURM_ARRAY_TASK_ID))
exec /opt/sfbench/bin/sfbench run -quiet -j 1 -shard "$k/3" -o /scratch/out/my"/shard-$k" /home/me/configs/my.yaml
