"""PyTorch side of `make bench-torch` (sfbench issue 16).

Times one training step (forward, backward and the official schedule-free
optimizer step) of the models sfbench's step benchmarks train, in PyTorch
float32 on one thread, and prints each as a Go benchmark line

    BenchmarkTorch/<model>  <steps>  <wall ns> ns/op  <cpu ns> cpu-ns/op

so that internal/tools/speedtable reads them beside sfbench's own lines.
The models and batches are those of the benchmarks they stand beside:

    mlp      64-128-10 MLP, batch 32, SF-SGD        problems/vision BenchmarkStep/mlp
    cnn      2 x (conv3x3, BatchNorm, ReLU, 2x2 max-pool) -> linear, 8x8 input,
             8 and 16 channels, batch 32, SF-SGD    problems/vision BenchmarkStep/cnn
    charlm   character transformer d 64, 4 heads, 2 blocks, context 64,
             batch 16, SF-AdamW                     problems/text BenchmarkStep
    paper-lm the same at d 48, 3 heads, context 48, SF-AdamW beta2 0.95
                                                    problems/text BenchmarkStepPaperLM
    letter   softmax regression 16 -> 26, batch 16, SF-AdamW beta2 0.95
                                                    problems/convex BenchmarkSoftmaxLetterSFAdamW

Usage: python3 torchsteps.py [model ...]   (all when none is named)
Needs torch and the official schedulefree package (pip install schedulefree,
or a checkout of facebookresearch/schedule_free on PYTHONPATH).
"""
import math
import sys
import time

try:
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
    import schedulefree
except ImportError as e:
    sys.exit(f"torchsteps: {e}: needs torch and schedulefree (see the docstring)")

torch.set_num_threads(1)
torch.manual_seed(0)
VOCAB = 82  # the Austen corpus's characters, as problems/text reads it


class Block(nn.Module):
    """Pre-LayerNorm block: causal self-attention, then a GELU (tanh) MLP."""

    def __init__(self, d, heads, ctx):
        super().__init__()
        self.heads = heads
        self.ln1, self.ln2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.qkv, self.proj = nn.Linear(d, 3 * d), nn.Linear(d, d)
        self.fc, self.fc_proj = nn.Linear(d, 4 * d), nn.Linear(4 * d, d)
        self.register_buffer("mask", torch.ones(ctx, ctx, dtype=torch.bool).tril().logical_not())

    def forward(self, x):
        b, t, d = x.shape
        hs = d // self.heads
        q, k, v = (p.view(b, t, self.heads, hs).transpose(1, 2)
                   for p in self.qkv(self.ln1(x)).split(d, dim=-1))
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(hs))
        att = torch.softmax(att.masked_fill(self.mask[:t, :t], float("-inf")), dim=-1)
        y = (att @ v).transpose(1, 2).reshape(b, t, d)
        x = x + self.proj(y)
        return x + self.fc_proj(F.gelu(self.fc(self.ln2(x)), approximate="tanh"))


class CharLM(nn.Module):
    def __init__(self, d, heads, blocks, ctx):
        super().__init__()
        self.tok, self.pos = nn.Embedding(VOCAB, d), nn.Embedding(ctx, d)
        self.blocks = nn.Sequential(*(Block(d, heads, ctx) for _ in range(blocks)))
        self.ln_f, self.head = nn.LayerNorm(d), nn.Linear(d, VOCAB)

    def forward(self, ids):
        x = self.tok(ids) + self.pos(torch.arange(ids.shape[1]))
        return self.head(self.ln_f(self.blocks(x)))


def conv_net():
    def stage(cin, cout):
        return [nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(), nn.MaxPool2d(2)]
    return nn.Sequential(*stage(1, 8), *stage(8, 16), nn.Flatten(), nn.Linear(64, 10))


def classify(model, batch):
    return F.cross_entropy(model(batch[0]), batch[1])


def next_char(model, seq):
    logits = model(seq[:, :-1])
    return F.cross_entropy(logits.reshape(-1, VOCAB), seq[:, 1:].reshape(-1))


# foreach=False: the per-tensor loops (torch 1.13, Debian's, has no
# _foreach_lerp_, which the foreach path needs)
def sf_sgd(m):
    return schedulefree.SGDScheduleFree(m.parameters(), lr=0.5, momentum=0.9, foreach=False)


def sf_adamw(m, beta2=0.999):
    return schedulefree.AdamWScheduleFree(m.parameters(), lr=1e-3, betas=(0.9, beta2), foreach=False)


MODELS = {
    # name: (model, optimizer, batch, loss, steps per measurement)
    "mlp": lambda: (nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 10)), sf_sgd,
                    (torch.rand(32, 64), torch.randint(0, 10, (32,))), classify, 2000),
    "cnn": lambda: (conv_net(), sf_sgd, (torch.rand(32, 1, 8, 8), torch.randint(0, 10, (32,))), classify, 500),
    "charlm": lambda: (CharLM(64, 4, 2, 64), sf_adamw, torch.randint(0, VOCAB, (16, 65)), next_char, 20),
    "paper-lm": lambda: (CharLM(48, 3, 2, 48), lambda m: sf_adamw(m, 0.95),
                         torch.randint(0, VOCAB, (16, 49)), next_char, 40),
    "letter": lambda: (nn.Linear(16, 26), lambda m: sf_adamw(m, 0.95),
                       (torch.rand(16, 16), torch.randint(0, 26, (16,))), classify, 4000),
}


def measure(name):
    model, make_opt, batch, loss, steps = MODELS[name]()
    opt = make_opt(model)
    model.train()
    opt.train()

    def step():
        opt.zero_grad()
        loss(model, batch).backward()
        opt.step()

    for _ in range(max(3, steps // 5)):  # warm up
        step()
    wall, cpu = time.perf_counter_ns(), time.process_time_ns()
    for _ in range(steps):
        step()
    wall, cpu = time.perf_counter_ns() - wall, time.process_time_ns() - cpu
    print(f"BenchmarkTorch/{name}\t{steps}\t{wall / steps:.0f} ns/op\t{cpu / steps:.0f} cpu-ns/op", flush=True)


for name in sys.argv[1:] or MODELS:
    if name not in MODELS:
        sys.exit(f"torchsteps: unknown model {name!r} (have {', '.join(MODELS)})")
    measure(name)
